import fc from "fast-check";
import { SimStorage } from "../../../hal/sim/storage";
import { FlashLocalAuthList } from "../../../firmware/allowlist/flash-local-list";
import { AuthorizationData } from "../../../firmware/authorization/local-list";
import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";
import { ListModel, POOL, NEVER, contentOf, flipCase } from "./list-model";

const NOW = 1_800_000_000;
const clock = { nowEpochS: () => NOW };
const OPTIONS = { journalBytes: 1024, indexSlots: 16, maxEntries: 15, clock: clock, reserveBytes: 0 };

const infoArb: fc.Arbitrary<IdTagInfo> = fc.record(
  {
    status: fc.constantFrom("Accepted", "Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx") as fc.Arbitrary<IdTagInfo["status"]>,
    expiresAt: fc.integer({ min: NOW - 5000, max: NOW + 5000 }),
    parentIdTag: fc.constantFrom("G1", "G2", "g1", "Parent-X"),
  },
  { requiredKeys: ["status"] },
);

const entryArb = (withDelete: boolean): fc.Arbitrary<AuthorizationData> =>
  fc.record({
    i: fc.nat(POOL.length - 1),
    mask: fc.nat(0xfffff),
    info: withDelete ? fc.option(infoArb, { freq: 3 }) : infoArb,
  }).map((r) => {
    const d: AuthorizationData = { idTag: flipCase(POOL[r.i]!, r.mask) };
    if (r.info) d.idTagInfo = r.info;
    return d;
  });

type Op =
  | { kind: "full"; v: number; entries: AuthorizationData[] }
  | { kind: "diff"; v: number; entries: AuthorizationData[] }
  | { kind: "reopen" }
  | { kind: "clear" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("full" as const), v: fc.integer({ min: 0, max: 40 }), entries: fc.array(entryArb(false), { maxLength: 18 }) }) },
  // Differential versions are relative to the current one (mostly above it, sometimes not).
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("diff" as const), v: fc.integer({ min: -2, max: 4 }), entries: fc.array(entryArb(true), { maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "clear" as const }) },
);

function check(list: FlashLocalAuthList, model: ListModel): void {
  const got: unknown[] = [list.version(), list.count()];
  const want: unknown[] = [model.version, model.entries.size];
  for (const t of POOL) {
    got.push(list.lookup(t), list.lookup(t.toLowerCase()));
    const m = model.lookup(t, NOW);
    want.push(m, m);
  }
  for (const t of NEVER) {
    got.push(list.lookup(t));
    want.push(undefined);
  }
  expect(got).toEqual(want);
}

describe("FlashLocalAuthList against an in-memory model", () => {
  it("agrees on every outcome and lookup for random Full/Differential sequences", () => {
    let storageCompactions = 0;
    let rebases = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 12, maxLength: 40 }), (ops) => {
        const storage = new SimStorage({ pages: 5, pageSize: 1024 });
        let list = new FlashLocalAuthList(storage, OPTIONS);
        const model = new ListModel(list.capacity());
        expect(list.capacity()).toBe(15);
        expect(list.maxEntriesPerUpdate()).toBeGreaterThanOrEqual(8);
        for (const op of ops) {
          const slotBefore = storage.list("al.b").join();
          if (op.kind === "reopen") list = new FlashLocalAuthList(storage, OPTIONS);
          else if (op.kind === "clear") {
            list.clear();
            model.update(0, "Full", []);
          } else {
            const type = op.kind === "full" ? "Full" : "Differential";
            const v = op.kind === "full" ? op.v : Math.max(0, model.version + op.v);
            expect(list.update(v, type, op.entries)).toBe(model.update(v, type, op.entries));
          }
          check(list, model);
          expect(list.health().state).toBe("ok");
          if (storage.list("al.b").join() !== slotBefore) rebases++;
        }
        storageCompactions += storage.counters.compactions;
        expect(contentOf(list)).toEqual(model.sorted());
        const again = new FlashLocalAuthList(storage, OPTIONS);
        check(again, model);
        expect(contentOf(again)).toEqual(model.sorted());
      }),
      { numRuns: 150 },
    );
    // The runs went through journal compactions and flash compactions, not only appends.
    expect(rebases).toBeGreaterThan(300);
    expect(storageCompactions).toBeGreaterThan(10);
  });
});
