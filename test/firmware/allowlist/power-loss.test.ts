import { SimStorage, SimStorageOptions } from "../../../hal/sim/storage";
import { FlashLocalAuthList, LocalListOptions } from "../../../firmware/allowlist/flash-local-list";
import { AuthorizationData } from "../../../firmware/authorization/local-list";
import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";
import { BLOCK_MARK, BLOCK_MORE, blockFlags, blockLength } from "../../../firmware/persist/block-log";
import { LOG_HEADER } from "../../../firmware/persist/log-file";
import { contentOf, NEVER, POOL } from "./list-model";

// Cut the power at every flash operation of an update (with several amounts of it landed),
// reboot, and require exactly the old or exactly the new list, version included.

const NOW = 1_800_000_000;
const FLASH: SimStorageOptions = { pages: 8, pageSize: 1024 };
const OPTIONS: LocalListOptions = { journalBytes: 1536, indexSlots: 256, reserveBytes: 0, clock: { nowEpochS: () => NOW } };
const LANDED = [0, 1, 2, 3, 5, 9, 17, 40, 120, 400, 1e9];

interface Snapshot {
  version: number;
  count: number;
  content: [string, IdTagInfo][];
}

function snapshot(list: FlashLocalAuthList): Snapshot {
  return { version: list.version(), count: list.count(), content: contentOf(list) };
}

/** Every lookup agrees with the snapshot's content; never-listed cards are never accepted. */
function lookupsAgree(list: FlashLocalAuthList, snap: Snapshot): void {
  const byTag = new Map(snap.content);
  const got: unknown[] = [];
  const want: unknown[] = [];
  for (const t of [...POOL, ...snap.content.map((e) => e[0])]) {
    const e = byTag.get(t.toUpperCase());
    got.push(list.lookup(t.toLowerCase()));
    const w = e ? { ...e } : undefined;
    if (w && w.expiresAt !== undefined && w.expiresAt <= NOW && (w.status === "Accepted" || w.status === "ConcurrentTx")) w.status = "Expired";
    want.push(w);
  }
  for (const t of NEVER) {
    got.push(list.lookup(t));
    want.push(undefined);
  }
  expect(got).toEqual(want);
}

function entry(i: number, status: IdTagInfo["status"] = "Accepted"): AuthorizationData {
  const info: IdTagInfo = { status: status };
  if (i % 3 === 0) info.expiresAt = NOW + (i % 2 ? -100 : 100) * i;
  if (i % 4 === 1) info.parentIdTag = "Group-" + (i % 5);
  const tag = i < POOL.length ? POOL[i]! : "04" + (0x100000000 + i * 7919).toString(16).slice(1).toUpperCase() + "00AB";
  return { idTag: tag, idTagInfo: info };
}

function range(from: number, to: number, status?: IdTagInfo["status"]): AuthorizationData[] {
  const out: AuthorizationData[] = [];
  for (let i = from; i < to; i++) out.push(entry(i, status));
  return out;
}

/** Blocks in the journal that say "the group goes on" (a multi-block update). */
function groupsWithMoreBlocks(storage: SimStorage): number {
  let n = 0;
  for (const name of storage.list("al.j")) {
    const b = storage.read(name)!;
    for (let o = LOG_HEADER; o < b.length && b[o] === BLOCK_MARK; o += blockLength(b, o)) if (blockFlags(b, o) & BLOCK_MORE) n++;
  }
  return n;
}

type Step = [name: string, run: (l: FlashLocalAuthList) => unknown, expected: unknown];

const STEPS: Step[] = [
  ["first Full", (l) => l.update(1, "Full", range(0, 30)), "Accepted"],
  ["Differential that creates the journal", (l) => l.update(2, "Differential", [...range(30, 35), { idTag: POOL[1]! }, { idTag: POOL[2]! }, entry(4, "Blocked")]), "Accepted"],
  ["Differential appended", (l) => l.update(3, "Differential", [entry(6, "Invalid"), { idTag: POOL[7]! }]), "Accepted"],
  ["Differential spanning several blocks", (l) => l.update(4, "Differential", range(40, 100)), "Accepted"],
  ["Differential after the journal filled (compaction first)", (l) => l.update(5, "Differential", range(100, 170, "Blocked")), "Accepted"],
  ["small Differential", (l) => l.update(6, "Differential", [{ idTag: entry(41).idTag }]), "Accepted"],
  ["Full replacing it all", (l) => l.update(10, "Full", range(100, 140)), "Accepted"],
  ["Differential with deletions only", (l) => l.update(11, "Differential", range(100, 110).map((e) => ({ idTag: e.idTag }))), "Accepted"],
  ["clear", (l) => l.clear(), undefined],
  ["Differential on an empty store", (l) => l.update(1, "Differential", range(0, 3)), "Accepted"],
  ["Full that needs the trash compacted", (l) => l.update(2, "Full", range(200, 260)), "Accepted"],
];

describe("FlashLocalAuthList across power cuts", () => {
  it("is exactly the old or the new list after a cut at any write of any update", () => {
    let image = new SimStorage(FLASH).image().slice();
    let cuts = 0;
    let sawOld = 0;
    let sawNew = 0;
    let storageCompactions = 0;
    for (const [name, run, expected] of STEPS) {
      // The update without a cut: how many flash operations it takes, and the state after it.
      const clean = new SimStorage(FLASH, image.slice());
      const before = new FlashLocalAuthList(clean, OPTIONS);
      const old = snapshot(before);
      const ops0 = clean.counters.operations;
      expect([name, run(before)]).toEqual([name, expected]);
      const opCount = clean.counters.operations - ops0;
      storageCompactions += clean.counters.compactions;
      const next = snapshot(before);
      expect(next).not.toEqual(old);
      expect(opCount).toBeGreaterThan(0);
      for (let k = 1; k <= opCount; k++) {
        for (const landed of LANDED) {
          const storage = new SimStorage(FLASH, image.slice());
          const list = new FlashLocalAuthList(storage, OPTIONS);
          storage.cutPowerAt(k, landed);
          expect(() => run(list)).toThrow(expect.objectContaining({ code: "POWER" }));
          storage.powerCycle();
          const rebooted = new FlashLocalAuthList(storage, OPTIONS);
          const snap = snapshot(rebooted);
          cuts++;
          const isOld = JSON.stringify(snap) === JSON.stringify(old);
          const isNew = JSON.stringify(snap) === JSON.stringify(next);
          if (!isOld && !isNew) throw new Error(name + ": cut at op " + k + " landing " + landed + " left a mixed list " + JSON.stringify(snap));
          expect(rebooted.health().state).not.toBe("corrupt");
          lookupsAgree(rebooted, snap);
          if (isOld) {
            sawOld++;
            // The recovered store takes the same update again.
            expect(run(rebooted)).toEqual(expected);
            expect(snapshot(rebooted)).toEqual(next);
            expect(snapshot(new FlashLocalAuthList(storage, OPTIONS))).toEqual(next);
          } else sawNew++;
        }
      }
      image = clean.image().slice();
      if (name === "Differential spanning several blocks") expect(groupsWithMoreBlocks(clean)).toBeGreaterThan(0);
    }
    expect(sawOld).toBeGreaterThan(100);
    expect(sawNew).toBeGreaterThan(20);
    expect(storageCompactions).toBeGreaterThan(0);
    expect(cuts).toBeGreaterThan(500);
  });
});
