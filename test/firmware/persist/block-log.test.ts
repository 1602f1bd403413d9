import { BlockBuffer, LOG_CLEAN, LOG_CORRUPT, LOG_TORN, BLOCK_MORE, scanLog } from "../../../firmware/persist/block-log";
import { softwareCrc32 } from "../../../firmware/persist/checksum";

function block(payload: number[], flags: number): Uint8Array {
  const b = new BlockBuffer(64);
  for (const x of payload) b.buf[b.len++] = x;
  return b.seal(flags, softwareCrc32).slice();
}

function log(size: number, ...blocks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(size).fill(0xff);
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

function groups(b: Uint8Array): { state: number; groups: [number, number][]; end: number } {
  const g: [number, number][] = [];
  const r = scanLog(b, 0, softwareCrc32, (f, e) => g.push([f, e]));
  return { state: r.state, groups: g, end: r.end };
}

describe("block log", () => {
  const a = block([1, 2, 3], 0);
  const m1 = block([4, 5], BLOCK_MORE);
  const m2 = block([6], 0);

  it("reads complete groups, single and multi-block", () => {
    const b = log(100, a, m1, m2);
    expect(groups(b)).toEqual({ state: LOG_CLEAN, groups: [[0, 13], [13, 36]], end: 36 });
  });

  it("drops a group cut short at any byte, and calls it torn", () => {
    const full = log(100, a, m1, m2);
    for (let cut = 14; cut < 36; cut++) {
      const b = full.slice();
      b.fill(0xff, cut);
      const r = groups(b);
      // Only the last byte (the commit mark) missing: the data is complete and counts.
      if (cut === 35) expect(r.state).toBe(LOG_CLEAN);
      else expect([cut, r.state, r.groups, r.end]).toEqual([cut, LOG_TORN, [[0, 13]], 13]);
    }
  });

  it("calls any single flipped byte corruption, never a power cut", () => {
    const full = log(60, a, m1, m2);
    for (let i = 0; i < full.length; i++) {
      for (const mask of [0x01, 0x80, 0xff, 0x5a ^ 0xff]) {
        const b = full.slice();
        b[i]! ^= mask;
        const r = groups(b);
        if (r.state === LOG_CLEAN) expect(r.groups).toEqual([[0, 13], [13, 36]]); // a commit mark flipped to 0xFF
        else expect([i, mask, r.state]).toEqual([i, mask, LOG_CORRUPT]);
      }
    }
  });
});
