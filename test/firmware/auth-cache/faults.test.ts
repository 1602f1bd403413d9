import { SimStorage, SimStorageOptions } from "../../../hal/sim/storage";
import { FlashAuthorizationCache, CacheOptions } from "../../../firmware/auth-cache/flash-authorization-cache";
import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";

const NOW = 1_800_000_000;
const FLASH: SimStorageOptions = { pages: 6, pageSize: 1024 };
const LISTED = new Set(["DEADBEEF"]);
const OPTIONS: CacheOptions = {
  capacity: 6, fileBytes: 1100, clock: { nowEpochS: () => NOW },
  localList: { lookup: (t) => (LISTED.has(t.toUpperCase()) ? { status: "Accepted" } : undefined) },
};
const LANDED = [0, 1, 2, 4, 8, 16, 30, 60, 1e9];
const TAGS = ["A1", "B2", "C3", "D4", "E5", "F6", "G7", "H8", "DEADBEEF", "04A1B2C3D4E5F6"];

function state(c: FlashAuthorizationCache): string {
  const out: [string, IdTagInfo][] = [];
  c.forEach((t, i) => out.push([t, i]));
  return JSON.stringify(out);
}

function info(i: number): IdTagInfo {
  return i % 3 === 0 ? { status: "Blocked" } : { status: "Accepted", expiresAt: NOW + i, parentIdTag: "P" + (i % 2) };
}

type Step = [string, (c: FlashAuthorizationCache) => void];

const STEPS: Step[] = [];
for (let i = 0; i < 6; i++) STEPS.push(["remember " + TAGS[i], (c) => c.remember(TAGS[i]!, info(i))]);
STEPS.push(["remember when full (eviction)", (c) => c.remember("G7", { status: "Accepted" })]);
for (let i = 0; i < 30; i++) STEPS.push(["churn " + i, (c) => c.remember("0400" + (5000 + i).toString(16).padStart(10, "0"), info(i))]);
STEPS.push(["ClearCache", (c) => c.clear()]);
STEPS.push(["remember after clear", (c) => c.remember("H8", info(1))]);

describe("FlashAuthorizationCache across power cuts and corruption", () => {
  it("is exactly as before or after an operation when the power is cut at any write", () => {
    let image = new SimStorage(FLASH).image().slice();
    let cuts = 0;
    let fileCompactions = 0;
    for (const [name, run] of STEPS) {
      const clean = new SimStorage(FLASH, image.slice());
      const c = new FlashAuthorizationCache(clean, OPTIONS);
      const before = state(c);
      const filesBefore = clean.list("ac.").join();
      run(c);
      const after = state(c);
      if (clean.list("ac.").join() !== filesBefore) fileCompactions++;
      const ops = clean.counters.operations;
      for (let k = 1; k <= ops; k++) {
        for (const landed of LANDED) {
          const s = new SimStorage(FLASH, image.slice());
          const cc = new FlashAuthorizationCache(s, OPTIONS);
          s.cutPowerAt(k, landed);
          expect(() => run(cc)).toThrow(expect.objectContaining({ code: "POWER" }));
          s.powerCycle();
          const rebooted = new FlashAuthorizationCache(s, OPTIONS);
          const got = state(rebooted);
          cuts++;
          if (got !== before && got !== after) throw new Error(name + ": cut at " + k + "/" + landed + " left " + got);
          if (rebooted.health().state === "corrupt") throw new Error(name + ": cut at " + k + "/" + landed + " -> " + JSON.stringify(rebooted.health()));
          if (got === before) {
            run(rebooted);
            expect(state(rebooted)).toBe(after);
            expect(state(new FlashAuthorizationCache(s, OPTIONS))).toBe(after);
          }
        }
      }
      image = clean.image().slice();
    }
    expect(fileCompactions).toBeGreaterThan(3);
    expect(cuts).toBeGreaterThan(300);
  });

  it("never answers from corrupted bytes: same content, or reported and empty", () => {
    const storage = new SimStorage(FLASH);
    const c = new FlashAuthorizationCache(storage, OPTIONS);
    for (let i = 0; i < 12; i++) c.remember(TAGS[i % 8]! + (i > 7 ? "X" : ""), info(i));
    const want = state(c);
    const lookups = TAGS.map((t) => c.lookup(t));
    let corrupt = 0;
    for (const name of storage.list("ac.")) {
      const size = storage.read(name)!.length;
      for (let off = 0; off < size; off += off < 400 ? 1 : 13) {
        for (const mask of [0x01, 0xa5, 0xff]) {
          const s = new SimStorage(FLASH, storage.image().slice());
          s.corrupt(name, off, mask);
          const cc = new FlashAuthorizationCache(s, OPTIONS);
          if (cc.health().state !== "corrupt") {
            if (state(cc) !== want) throw new Error(name + "@" + off + "^" + mask + ": changed silently");
            expect(TAGS.map((t) => cc.lookup(t))).toEqual(lookups);
          } else {
            corrupt++;
            expect(cc.health().state).toBe("corrupt");
            expect(cc.count()).toBe(0);
            expect(TAGS.every((t) => cc.lookup(t) === undefined)).toBe(true);
            // It keeps working: the next answer starts a clean file.
            expect(cc.remember("A1", { status: "Accepted" })).toBe(true);
            expect(new FlashAuthorizationCache(s, OPTIONS).lookup("A1")).toEqual({ status: "Accepted" });
          }
        }
      }
    }
    expect(corrupt).toBeGreaterThan(500);
  });
});
