import { SimStorage } from "../../../hal/sim/storage";
import { FlashAuthorizationCache, CacheOptions } from "../../../firmware/auth-cache/flash-authorization-cache";
import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";

const NOW = 1_800_000_000;

function entriesOf(c: FlashAuthorizationCache): [string, IdTagInfo][] {
  const out: [string, IdTagInfo][] = [];
  c.forEach((t, i) => out.push([t, i]));
  return out;
}

function make(storage: SimStorage, o?: CacheOptions): FlashAuthorizationCache {
  return new FlashAuthorizationCache(storage, { clock: { nowEpochS: () => NOW }, ...o });
}

describe("FlashAuthorizationCache", () => {
  it("remembers answers and finds them case-insensitively, across reboots", () => {
    const storage = new SimStorage();
    const c = make(storage);
    expect(c.remember("04a1b2c3", { status: "Accepted", parentIdTag: "Fleet" })).toBe(true);
    expect(c.remember("Mobile000001", { status: "Blocked" })).toBe(true);
    expect(c.lookup("04A1B2C3")).toEqual({ status: "Accepted", parentIdTag: "Fleet" });
    expect(c.lookup("MOBILE000001")).toEqual({ status: "Blocked" });
    expect(c.lookup("04A1B2C4")).toBeUndefined();
    // A newer answer replaces the older one.
    c.remember("04A1B2C3", { status: "Invalid" });
    const again = make(storage);
    expect(again.lookup("04a1b2c3")).toEqual({ status: "Invalid" });
    expect(again.count()).toBe(2);
    expect(again.health()).toEqual({ state: "ok", reason: "" });
  });

  it("turns expired entries into Expired (and judges by the last known time when the clock is unknown)", () => {
    const storage = new SimStorage();
    let now: number | undefined = NOW;
    const c = new FlashAuthorizationCache(storage, { clock: { nowEpochS: () => now } });
    c.remember("AA000001", { status: "Accepted", expiresAt: NOW + 60 });
    c.remember("AA000002", { status: "Accepted", expiresAt: NOW - 60 });
    expect(c.lookup("AA000001")!.status).toBe("Accepted");
    expect(c.lookup("AA000002")).toEqual({ status: "Expired", expiresAt: NOW - 60 });
    now = NOW + 61;
    expect(c.lookup("AA000001")!.status).toBe("Expired");
    now = undefined;
    const rebooted = new FlashAuthorizationCache(storage, { clock: { nowEpochS: () => now } });
    expect(rebooted.lookup("AA000001")!.status).toBe("Accepted"); // valid when last heard of
    expect(rebooted.lookup("AA000002")!.status).toBe("Expired");
  });

  it("never holds an idTag of the Local Authorization List", () => {
    const listed = new Set<string>(["DEADBEEF"]);
    const localList = { lookup: (t: string): IdTagInfo | undefined => (listed.has(t.toUpperCase()) ? { status: "Accepted" } : undefined) };
    const storage = new SimStorage();
    const c = make(storage, { localList });
    expect(c.remember("deadbeef", { status: "Accepted" })).toBe(false);
    expect(c.count()).toBe(0);
    c.remember("CAFEBABE", { status: "Accepted" });
    // The card enters the list later: the cache no longer answers for it, and forgets it on the next answer.
    listed.add("CAFEBABE");
    expect(c.lookup("CAFEBABE")).toBeUndefined();
    expect(c.remember("CAFEBABE", { status: "Blocked" })).toBe(false);
    expect(c.count()).toBe(0);
    expect(entriesOf(make(storage, { localList }))).toEqual([]);
  });

  it("when full, evicts not-valid entries first, then the oldest", () => {
    const c = make(new SimStorage(), { capacity: 4, fileBytes: 4096 });
    c.remember("A1", { status: "Accepted" });
    c.remember("B2", { status: "Blocked" });
    c.remember("C3", { status: "Accepted", expiresAt: NOW - 1 }); // expired: not valid
    c.remember("D4", { status: "Accepted" });
    c.remember("E5", { status: "Accepted" });
    expect(entriesOf(c).map((e) => e[0])).toEqual(["A1", "C3", "D4", "E5"]); // B2 went: oldest not-valid
    c.remember("F6", { status: "Accepted" });
    expect(entriesOf(c).map((e) => e[0])).toEqual(["A1", "D4", "E5", "F6"]); // then C3 (expired)
    c.remember("A1", { status: "Accepted", parentIdTag: "P" }); // refreshed: now the newest
    c.remember("G7", { status: "Accepted" });
    expect(entriesOf(c).map((e) => e[0])).toEqual(["E5", "F6", "A1", "G7"]); // D4 was the oldest
    expect(c.count()).toBe(4);
  });

  it("stays within capacity and keeps the age order across compactions of its file", () => {
    const storage = new SimStorage();
    const c = make(storage, { capacity: 8, fileBytes: 1100 });
    const writes0 = storage.counters.compactions;
    for (let i = 0; i < 300; i++) {
      c.remember("0400" + (1000 + i).toString(16).padStart(10, "0"), { status: i % 5 ? "Accepted" : "Invalid", expiresAt: NOW + i });
      expect(c.count()).toBe(Math.min(i + 1, 8));
    }
    const names = entriesOf(c).map((e) => e[0]);
    expect(names).toHaveLength(8);
    expect(names).toEqual([...names].sort()); // oldest first = in the order remembered
    expect(entriesOf(make(storage, { capacity: 8, fileBytes: 1100 }))).toEqual(entriesOf(c));
    expect(storage.list("ac.").length).toBe(1);
    expect(storage.counters.compactions).toBe(writes0); // its own file compaction, no flash compaction needed
  });

  it("ClearCache empties it for good; disabling hides it without forgetting", () => {
    const storage = new SimStorage();
    const c = make(storage);
    c.remember("A1", { status: "Accepted" });
    c.setEnabled(false);
    expect(c.lookup("A1")).toBeUndefined();
    expect(c.remember("B2", { status: "Accepted" })).toBe(false);
    c.setEnabled(true);
    expect(c.lookup("A1")).toEqual({ status: "Accepted" });
    c.clear();
    expect(c.lookup("A1")).toBeUndefined();
    expect(make(storage).count()).toBe(0);
    expect(make(storage, { enabled: false }).isEnabled()).toBe(false);
  });

  it("does not write when the same answer comes again; refuses bad input", () => {
    const storage = new SimStorage();
    const c = make(storage);
    c.remember("A1", { status: "Accepted", expiresAt: NOW + 5 });
    const w = storage.counters.bytesWritten;
    expect(c.remember("a1", { status: "Accepted", expiresAt: NOW + 5 })).toBe(true);
    expect(storage.counters.bytesWritten).toBe(w);
    expect(c.remember("", { status: "Accepted" })).toBe(false);
    expect(c.remember("x".repeat(21), { status: "Accepted" })).toBe(false);
    expect(c.remember("B2", { status: "Yes" as any })).toBe(false);
    expect(c.remember("B2", { status: "Accepted", parentIdTag: "" })).toBe(false);
    expect(c.remember("B2", { status: "Accepted", expiresAt: NaN })).toBe(false);
    expect(storage.counters.bytesWritten).toBe(w);
    expect(c.count()).toBe(1);
  });

  it("refuses a file too small for its capacity", () => {
    expect(() => make(new SimStorage(), { capacity: 256, fileBytes: 4096 })).toThrow(expect.objectContaining({ code: "ARGS" }));
  });
});

describe("FlashAuthorizationCache without room in flash", () => {
  it("does not store (returns false), keeps what it has, and works once there is room", () => {
    const storage = new SimStorage({ pages: 8, pageSize: 1024 });
    storage.write("big", new Uint8Array(7100));
    const c = make(storage, { capacity: 4, fileBytes: 1100 });
    expect(c.remember("A1", { status: "Accepted" })).toBe(false);
    expect(c.count()).toBe(0);
    storage.erase("big");
    expect(c.remember("A1", { status: "Accepted" })).toBe(true);
    expect(make(storage, { capacity: 4, fileBytes: 1100 }).lookup("a1")).toEqual({ status: "Accepted" });
  });
});
