import { SimStorage, SimStorageOptions } from "../../../hal/sim/storage";
import { FlashLocalAuthList, LocalListOptions } from "../../../firmware/allowlist/flash-local-list";
import { AuthorizationData } from "../../../firmware/authorization/local-list";
import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";
import { contentOf, NEVER, POOL } from "./list-model";

// Flip bytes of the stored files: the store either still holds exactly the true list (the flip hit
// bytes that carry nothing), or it reports corruption and accepts no card at all.

const NOW = 1_800_000_000;
const FLASH: SimStorageOptions = { pages: 16, pageSize: 1024 };
const OPTIONS: LocalListOptions = { journalBytes: 1536, indexSlots: 256, reserveBytes: 0, clock: { nowEpochS: () => NOW } };
const MASKS = [0x01, 0x80, 0xa5, 0xff];

function entries(from: number, to: number, status: IdTagInfo["status"] = "Accepted"): AuthorizationData[] {
  const out: AuthorizationData[] = [];
  for (let i = from; i < to; i++) {
    const info: IdTagInfo = { status: status };
    if (i % 3 === 0) info.expiresAt = NOW + 1000 * i;
    if (i % 2 === 0) info.parentIdTag = "Fleet-" + (i % 3);
    out.push({ idTag: i < POOL.length ? POOL[i]! : "0A" + (1e11 + i * 97).toString().slice(0, 12), idTagInfo: info });
  }
  return out;
}

function build(storage: SimStorage): FlashLocalAuthList {
  const list = new FlashLocalAuthList(storage, OPTIONS);
  list.update(1, "Full", entries(0, 40));
  list.update(2, "Differential", [...entries(40, 45), { idTag: POOL[3]! }]);
  list.update(3, "Differential", entries(45, 90, "Blocked"));
  list.update(4, "Differential", [{ idTag: POOL[5]!, idTagInfo: { status: "Invalid" } }]);
  return list;
}

function allLookups(list: FlashLocalAuthList, tags: string[]): unknown[] {
  return tags.map((t) => list.lookup(t));
}

describe("FlashLocalAuthList with corrupted files", () => {
  it("never accepts a card because of a flipped byte, and reports the corruption", () => {
    const pristine = new SimStorage(FLASH);
    const truth = build(pristine);
    const tags = [...POOL, ...contentOf(truth).map((e) => e[0]), ...NEVER];
    const want = allLookups(truth, tags);
    const wantContent = JSON.stringify(contentOf(truth));
    expect(pristine.list("al.").sort()).toEqual(["al.b1", "al.j1"]);
    let corrupt = 0;
    let harmless = 0;
    for (const name of pristine.list("al.")) {
      const size = pristine.read(name)!.length;
      for (let off = 0; off < size; off++) {
        for (const mask of MASKS) {
          const storage = new SimStorage(FLASH, pristine.image().slice());
          storage.corrupt(name, off, mask);
          const list = new FlashLocalAuthList(storage, OPTIONS);
          const h = list.health();
          if (h.state === "ok") {
            harmless++;
            if (JSON.stringify(contentOf(list)) !== wantContent) throw new Error(name + "@" + off + "^" + mask + ": list changed silently");
            expect(allLookups(list, tags)).toEqual(want);
            expect(list.version()).toBe(4);
          } else {
            corrupt++;
            if (h.state !== "corrupt") throw new Error(name + "@" + off + "^" + mask + ": reported " + JSON.stringify(h));
            expect(h.reason).toContain(name);
            expect([list.version(), list.count()]).toEqual([0, 0]);
            expect(allLookups(list, tags).every((r) => r === undefined)).toBe(true);
          }
        }
      }
    }
    expect(corrupt).toBeGreaterThan(harmless * 20);
  });

  it("after corruption, the next Full update makes the store healthy again", () => {
    const storage = new SimStorage(FLASH);
    build(storage);
    storage.corrupt("al.b1", 200, 0x10);
    const list = new FlashLocalAuthList(storage, OPTIONS);
    expect(list.health().state).toBe("corrupt");
    expect(list.update(7, "Full", entries(0, 10))).toBe("Accepted");
    expect(list.health()).toEqual({ state: "ok", reason: "" });
    const again = new FlashLocalAuthList(storage, OPTIONS);
    expect([again.health().state, again.version(), again.count()]).toEqual(["ok", 7, 10]);
    expect(again.lookup(POOL[4]!)).toEqual({ status: "Accepted", parentIdTag: "Fleet-1" });
  });

  it("a Differential after corruption applies to an empty list", () => {
    const storage = new SimStorage(FLASH);
    build(storage);
    storage.corrupt("al.j1", 30, 0x01);
    const list = new FlashLocalAuthList(storage, OPTIONS);
    expect(list.health().state).toBe("corrupt");
    expect(list.update(5, "Differential", entries(0, 2))).toBe("Accepted");
    const again = new FlashLocalAuthList(storage, OPTIONS);
    expect([again.health().state, again.version(), again.count()]).toEqual(["ok", 5, 2]);
    expect(again.lookup(POOL[8]!)).toBeUndefined();
  });

  it("a truncated base file is never used", () => {
    for (const keep of [10, 41, 100, 300]) {
      const storage = new SimStorage(FLASH);
      build(storage);
      const b = storage.read("al.b1")!.slice(0, keep);
      storage.erase("al.j1");
      storage.write("al.b1", b);
      const list = new FlashLocalAuthList(storage, OPTIONS);
      expect(list.health().state).not.toBe("ok");
      expect([list.version(), list.count()]).toEqual([0, 0]);
      for (const t of POOL) expect(list.lookup(t)).toBeUndefined();
    }
  });

  it("a stale older base left by a cut before its erase never outranks the current one", () => {
    // (Damage to the body of that older file is ignored: its header says it is older. Damage to
    // its header leaves its generation unknown: it could be a newer list, so the store plays safe.)
    const storage = new SimStorage(FLASH);
    const list = build(storage);
    // Find the operation count of a Full, then replay it with the last erase cut off.
    const probe = new SimStorage(FLASH, storage.image().slice());
    new FlashLocalAuthList(probe, OPTIONS).update(9, "Full", entries(100, 120));
    const opCount = probe.counters.operations;
    storage.cutPowerAt(opCount - 1, 0);
    expect(() => list.update(9, "Full", entries(100, 120))).toThrow();
    storage.powerCycle();
    expect(storage.list("al.b").sort()).toEqual(["al.b0", "al.b1"]);
    expect(new FlashLocalAuthList(storage, OPTIONS).count()).toBe(20);
    for (const off of [40, 50, 300, storage.read("al.b1")!.length - 1]) {
      const s = new SimStorage(FLASH, storage.image().slice());
      s.corrupt("al.b1", off, 0x42); // the older one
      const l = new FlashLocalAuthList(s, OPTIONS);
      expect([l.health().state, l.version(), l.count()]).toEqual(["ok", 9, 20]);
      expect(l.lookup(POOL[0]!)).toBeUndefined();
    }
    for (const off of [4, 8, 33]) {
      const s = new SimStorage(FLASH, storage.image().slice());
      s.corrupt("al.b1", off, 0x42);
      const l = new FlashLocalAuthList(s, OPTIONS);
      expect([l.health().state, l.version(), l.count()]).toEqual(["corrupt", 0, 0]);
    }
  });
});
