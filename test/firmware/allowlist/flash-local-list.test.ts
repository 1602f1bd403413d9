import { SimStorage } from "../../../hal/sim/storage";
import { FlashLocalAuthList, LocalListOptions } from "../../../firmware/allowlist/flash-local-list";
import { AuthorizationData } from "../../../firmware/authorization/local-list";
import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";
import { contentOf } from "./list-model";

const NOW = 1_800_000_000;

function uid7(i: number): string {
  return "04" + (i * 2654435761 >>> 0).toString(16).padStart(8, "0").toUpperCase() + (i & 0xffff).toString(16).padStart(4, "0").toUpperCase();
}

function accepted(from: number, to: number, extra?: Partial<IdTagInfo>): AuthorizationData[] {
  const out: AuthorizationData[] = [];
  for (let i = from; i < to; i++) out.push({ idTag: uid7(i), idTagInfo: { status: "Accepted", ...extra } });
  return out;
}

function open(storage: SimStorage, o?: LocalListOptions): FlashLocalAuthList {
  return new FlashLocalAuthList(storage, { clock: { nowEpochS: () => NOW }, ...o });
}

describe("FlashLocalAuthList: OCPP outcomes", () => {
  it("Full replaces the list and sets the version", () => {
    const list = open(new SimStorage());
    expect(list.update(3, "Full", accepted(0, 10))).toBe("Accepted");
    expect(list.version()).toBe(3);
    expect(list.count()).toBe(10);
    expect(list.lookup(uid7(4))).toEqual({ status: "Accepted" });
    expect(list.update(4, "Full", accepted(10, 15))).toBe("Accepted");
    expect(list.count()).toBe(5);
    expect(list.lookup(uid7(4))).toBeUndefined();
    expect(list.lookup(uid7(12))).toEqual({ status: "Accepted" });
    // A Full update takes any version, lower ones too.
    expect(list.update(2, "Full", accepted(0, 1))).toBe("Accepted");
    expect(list.version()).toBe(2);
  });

  it("Differential adds, replaces and deletes", () => {
    const list = open(new SimStorage());
    list.update(1, "Full", accepted(0, 5));
    expect(list.update(2, "Differential", [
      { idTag: uid7(10), idTagInfo: { status: "Accepted", parentIdTag: "FLEET" } },
      { idTag: uid7(1), idTagInfo: { status: "Blocked" } },
      { idTag: uid7(2) },
      { idTag: uid7(99) }, // deleting an idTag that is not there is fine
    ])).toBe("Accepted");
    expect(list.version()).toBe(2);
    expect(list.count()).toBe(5);
    expect(list.lookup(uid7(10))).toEqual({ status: "Accepted", parentIdTag: "FLEET" });
    expect(list.lookup(uid7(1))).toEqual({ status: "Blocked" });
    expect(list.lookup(uid7(2))).toBeUndefined();
    expect(list.lookup(uid7(0))).toEqual({ status: "Accepted" });
  });

  it("VersionMismatch for a Differential whose version is not above the current one; nothing changes", () => {
    const storage = new SimStorage();
    const list = open(storage);
    list.update(5, "Full", accepted(0, 3));
    const before = contentOf(list);
    const written = storage.counters.bytesWritten;
    expect(list.update(5, "Differential", accepted(3, 4))).toBe("VersionMismatch");
    expect(list.update(4, "Differential", [{ idTag: uid7(0) }])).toBe("VersionMismatch");
    expect(list.version()).toBe(5);
    expect(contentOf(list)).toEqual(before);
    expect(storage.counters.bytesWritten).toBe(written);
  });

  it("Failed over capacity, for Full and Differential; nothing changes", () => {
    const storage = new SimStorage();
    const list = open(storage, { maxEntries: 8 });
    expect(list.capacity()).toBe(8);
    expect(list.update(1, "Full", accepted(0, 9))).toBe("Failed");
    expect(list.version()).toBe(0);
    expect(list.update(1, "Full", accepted(0, 8))).toBe("Accepted");
    const written = storage.counters.bytesWritten;
    expect(list.update(2, "Differential", accepted(100, 101))).toBe("Failed");
    // Replacing and deleting does not grow the list: still fine at capacity.
    expect(list.update(2, "Differential", [{ idTag: uid7(0), idTagInfo: { status: "Blocked" } }])).toBe("Accepted");
    expect(list.update(3, "Differential", [{ idTag: uid7(1) }, ...accepted(100, 101)])).toBe("Accepted");
    expect(list.count()).toBe(8);
    expect(storage.counters.bytesWritten).toBeGreaterThan(written);
    expect(list.lookup(uid7(100))).toEqual({ status: "Accepted" });
  });

  it("Failed for bad input, which changes nothing", () => {
    const storage = new SimStorage();
    const list = open(storage);
    list.update(1, "Full", accepted(0, 3));
    const before = contentOf(list);
    const written = storage.counters.bytesWritten;
    const bad: [number, "Full" | "Differential", AuthorizationData[]][] = [
      [2, "Full", [{ idTag: uid7(7) }]], // Full needs idTagInfo
      [2, "Full", [...accepted(7, 8), { idTag: uid7(7).toLowerCase(), idTagInfo: { status: "Blocked" } }]], // twice, any case
      [2, "Differential", [{ idTag: "" }]],
      [2, "Differential", [{ idTag: "x".repeat(21), idTagInfo: { status: "Accepted" } }]],
      [2, "Differential", [{ idTag: "caf\u00e9", idTagInfo: { status: "Accepted" } }]],
      [2, "Differential", [{ idTag: "ABC", idTagInfo: { status: "Maybe" as any } }]],
      [2, "Differential", [{ idTag: "ABC", idTagInfo: { status: "Accepted", parentIdTag: "p".repeat(21) } }]],
      [2, "Differential", [{ idTag: "ABC", idTagInfo: { status: "Accepted", expiresAt: NaN } }]],
      [1.5, "Differential", accepted(9, 10)],
      [-1, "Full", accepted(9, 10)],
      [0, "Full", accepted(9, 10)], // version 0 means empty
      [2, "Sideways" as any, accepted(9, 10)],
    ];
    for (const [v, t, e] of bad) expect([v, t, list.update(v, t, e)]).toEqual([v, t, "Failed"]);
    expect(list.version()).toBe(1);
    expect(contentOf(list)).toEqual(before);
    expect(storage.counters.bytesWritten).toBe(written);
  });

  it("an empty Full clears to version 0; clear() too; an empty Differential only moves the version", () => {
    const list = open(new SimStorage());
    list.update(4, "Full", accepted(0, 3));
    expect(list.update(5, "Differential", [])).toBe("Accepted");
    expect(list.version()).toBe(5);
    expect(list.count()).toBe(3);
    expect(list.update(9, "Full", [])).toBe("Accepted");
    expect([list.version(), list.count(), list.lookup(uid7(0))]).toEqual([0, 0, undefined]);
    list.update(2, "Full", accepted(0, 3));
    list.clear();
    expect([list.version(), list.count(), list.lookup(uid7(1))]).toEqual([0, 0, undefined]);
  });

  it("a Differential that deletes every entry leaves version 0 (0 means empty)", () => {
    const list = open(new SimStorage());
    list.update(1, "Full", accepted(0, 2));
    expect(list.update(2, "Differential", [{ idTag: uid7(0) }, { idTag: uid7(1) }])).toBe("Accepted");
    expect([list.version(), list.count()]).toEqual([0, 0]);
    expect(list.update(1, "Differential", accepted(5, 6))).toBe("Accepted");
    expect(list.version()).toBe(1);
  });
});

describe("FlashLocalAuthList: idTags", () => {
  it("matches case-insensitively, UIDs of 4, 7 and 10 bytes and free text alike", () => {
    const list = open(new SimStorage());
    const tags = ["04a1b2c3", "04A1B2C3D4E5F6", "0102030405060708090a", "Mobile000001", "emaid DE*ABC*1", "04a1b2c3d4", "Z"];
    expect(list.update(1, "Full", tags.map((t, i) => ({ idTag: t, idTagInfo: { status: "Accepted", parentIdTag: "P" + i } })))).toBe("Accepted");
    tags.forEach((t, i) => {
      for (const v of [t, t.toUpperCase(), t.toLowerCase()]) expect(list.lookup(v)).toEqual({ status: "Accepted", parentIdTag: "P" + i });
    });
    // A hex-looking tag of another length is text: it is not the 4-byte UID 04A1B2C3.
    expect(list.lookup("04A1B2C3D")).toBeUndefined();
    expect(list.lookup("04A1B2C")).toBeUndefined();
    expect(list.lookup("04A1B2C4")).toBeUndefined();
    expect(list.lookup("mobile00000")).toBeUndefined();
    expect(list.lookup("")).toBeUndefined();
    expect(list.lookup("x".repeat(21))).toBeUndefined();
    expect(contentOf(list).map((e) => e[0])).toEqual(
      ["0102030405060708090A", "04A1B2C3", "04A1B2C3D4", "04A1B2C3D4E5F6", "EMAID DE*ABC*1", "MOBILE000001", "Z"]);
  });

  it("keeps parentIdTags verbatim, also past 256 distinct ones (two-byte indexes)", () => {
    const storage = new SimStorage();
    const list = open(storage, { journalBytes: 2048 });
    const entries: AuthorizationData[] = [];
    for (let i = 0; i < 600; i++) entries.push({ idTag: uid7(i), idTagInfo: { status: "Accepted", parentIdTag: "Grp-" + (i % 300) } });
    expect(list.update(1, "Full", entries)).toBe("Accepted");
    let v = 1;
    for (let c = 0; c < 12; c++) {
      const d: AuthorizationData[] = [];
      for (let i = 0; i < 20; i++) d.push({ idTag: uid7(1000 + c * 20 + i), idTagInfo: { status: "Accepted", parentIdTag: i % 2 ? "Grp-" + i : "new-" + c } });
      expect(list.update(++v, "Differential", d)).toBe("Accepted");
    }
    const again = open(storage, { journalBytes: 2048 });
    for (const l of [list, again]) {
      expect(l.lookup(uid7(599))).toEqual({ status: "Accepted", parentIdTag: "Grp-299" });
      expect(l.lookup(uid7(1000 + 5 * 20 + 3))).toEqual({ status: "Accepted", parentIdTag: "Grp-3" });
      expect(l.lookup(uid7(1000 + 11 * 20 + 4))).toEqual({ status: "Accepted", parentIdTag: "new-11" });
      expect(l.count()).toBe(840);
    }
  });
});

describe("FlashLocalAuthList: expiry", () => {
  const entries: AuthorizationData[] = [
    { idTag: "AA000001", idTagInfo: { status: "Accepted", expiresAt: NOW - 1 } },
    { idTag: "AA000002", idTagInfo: { status: "Accepted", expiresAt: NOW } },
    { idTag: "AA000003", idTagInfo: { status: "Accepted", expiresAt: NOW + 1 } },
    { idTag: "AA000004", idTagInfo: { status: "Blocked", expiresAt: NOW - 100 } },
    { idTag: "AA000005", idTagInfo: { status: "ConcurrentTx", expiresAt: NOW - 100 } },
    { idTag: "AA000006", idTagInfo: { status: "Accepted" } },
  ];

  it("turns entries whose expiry has passed into Expired, by the wall clock", () => {
    let now = NOW;
    const list = new FlashLocalAuthList(new SimStorage(), { clock: { nowEpochS: () => now } });
    list.update(1, "Full", entries);
    expect(list.lookup("aa000001")).toEqual({ status: "Expired", expiresAt: NOW - 1 });
    expect(list.lookup("AA000002")!.status).toBe("Expired");
    expect(list.lookup("AA000003")).toEqual({ status: "Accepted", expiresAt: NOW + 1 });
    expect(list.lookup("AA000004")!.status).toBe("Blocked");
    expect(list.lookup("AA000005")!.status).toBe("Expired");
    expect(list.lookup("AA000006")).toEqual({ status: "Accepted" });
    now = NOW + 1;
    expect(list.lookup("AA000003")!.status).toBe("Expired");
  });

  it("with the clock unknown, judges by the newest time the store has seen (kept in flash)", () => {
    const storage = new SimStorage();
    let known: number | undefined = NOW;
    const list = new FlashLocalAuthList(storage, { clock: { nowEpochS: () => known } });
    list.update(1, "Full", entries);
    list.update(2, "Differential", [{ idTag: "BB000001", idTagInfo: { status: "Accepted", expiresAt: 1_700_000_000 } }]);
    // Reboot offline: the wall clock is unknown.
    known = undefined;
    const rebooted = new FlashLocalAuthList(storage, { clock: { nowEpochS: () => known } });
    expect(rebooted.lookup("AA000001")!.status).toBe("Expired"); // had expired before the last sync
    expect(rebooted.lookup("AA000002")!.status).toBe("Expired"); // expired at the moment of the last sync
    expect(rebooted.lookup("AA000003")!.status).toBe("Accepted"); // valid at the last sync: still accepted offline
    expect(rebooted.lookup("AA000005")!.status).toBe("Expired");
    expect(rebooted.lookup("BB000001")!.status).toBe("Expired");
    // The backend sets the time again: judged by it.
    known = NOW + 10;
    expect(rebooted.lookup("AA000003")!.status).toBe("Expired");
  });

  it("with no time ever known, anything that expired before this firmware existed is Expired", () => {
    const list = new FlashLocalAuthList(new SimStorage());
    list.update(1, "Full", [
      { idTag: "CC000001", idTagInfo: { status: "Accepted", expiresAt: 1_600_000_000 } },
      { idTag: "CC000002", idTagInfo: { status: "Accepted", expiresAt: 4_000_000_000 } },
    ]);
    expect(list.lookup("CC000001")!.status).toBe("Expired");
    expect(list.lookup("CC000002")!.status).toBe("Accepted");
  });
});

describe("FlashLocalAuthList: flash and RAM", () => {
  it("reads O(log N) records per lookup", () => {
    const list = open(new SimStorage());
    list.update(1, "Full", accepted(0, 5000));
    list.update(2, "Differential", accepted(5000, 5100));
    let worst = 0;
    for (let i = 0; i < 5200; i += 7) {
      const r = list.recordReads();
      list.lookup(uid7(i));
      worst = Math.max(worst, list.recordReads() - r);
    }
    expect(worst).toBeLessThanOrEqual(Math.ceil(Math.log2(5001)) + 2);
    expect(worst).toBeGreaterThanOrEqual(Math.floor(Math.log2(5000)));
  });

  it("writes a one-card change as a few bytes, not the whole list", () => {
    const storage = new SimStorage();
    const list = open(storage);
    list.update(1, "Full", accepted(0, 5000));
    const before = storage.counters.bytesWritten;
    list.update(2, "Differential", [{ idTag: uid7(17), idTagInfo: { status: "Blocked" } }]);
    list.update(3, "Differential", [{ idTag: uid7(18) }]);
    // The first one also creates the journal (its 20-byte header).
    expect(storage.counters.bytesWritten - before).toBeLessThan(120);
    expect(list.lookup(uid7(17))).toEqual({ status: "Blocked" });
  });

  it("holds the same RAM for 100 and for 5,000 entries", () => {
    function ramOf(root: object): number {
      const seen = new Set<object>();
      let bytes = 0;
      const walk = (v: unknown): void => {
        if (v === null || typeof v !== "object" || seen.has(v as object)) return;
        seen.add(v as object);
        if (ArrayBuffer.isView(v)) {
          bytes += v.byteLength;
          return;
        }
        for (const [k, x] of Object.entries(v as object)) {
          if (k === "storage" || k === "clock") continue;
          bytes += 8;
          walk(x);
        }
      };
      walk(root);
      return bytes;
    }
    const small = open(new SimStorage());
    small.update(1, "Full", accepted(0, 100));
    small.update(2, "Differential", accepted(100, 150));
    const big = open(new SimStorage());
    big.update(1, "Full", accepted(0, 5000));
    big.update(2, "Differential", accepted(5000, 5050));
    expect(ramOf(big)).toBe(ramOf(small));
    const reopened = [open(big["storage" as keyof FlashLocalAuthList] as unknown as SimStorage), small];
    expect(ramOf(reopened[0]!)).toBeLessThan(8000);
  });

  it("compacts the journal into a new base as it fills, keeping content and version", () => {
    const storage = new SimStorage();
    const list = open(storage, { journalBytes: 1024 });
    list.update(1, "Full", accepted(0, 200));
    let v = 1;
    for (let i = 0; i < 300; i++) {
      expect(list.update(++v, "Differential", [{ idTag: uid7(200 + i), idTagInfo: { status: i % 3 ? "Accepted" : "Invalid" } }, { idTag: uid7(i) }])).toBe("Accepted");
    }
    const again = open(storage, { journalBytes: 1024 });
    for (const l of [list, again]) {
      expect([l.version(), l.count()]).toEqual([301, 200]);
      expect(l.lookup(uid7(0))).toBeUndefined();
      expect(l.lookup(uid7(499))).toEqual({ status: "Accepted" });
      expect(l.lookup(uid7(497))).toEqual({ status: "Invalid" });
      expect(l.lookup(uid7(250))).toBeUndefined();
    }
    expect(storage.list("al.").sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^al\.b[01]$/)]));
    expect(storage.list("al.").length).toBeLessThanOrEqual(2);
  });
});

describe("FlashLocalAuthList: capacity", () => {
  it("is computed from the free flash and leaves room for a full replacement", () => {
    const storage = new SimStorage({ pages: 40 });
    storage.write(".bootcde", new Uint8Array(20000).fill(0x41));
    storage.write("config.json", "{\"AuthorizationRequired\":true}");
    const list = open(storage, { reserveBytes: 4096 });
    const cap = list.capacity();
    const free = storage.getFree();
    // Two lists side by side (old and new) of reference entries (13 bytes) fit, with the journal.
    expect(cap).toBeGreaterThan((free - 4096 - 16000) / 26);
    expect(cap).toBeLessThanOrEqual((free - 4096) / 26);
    const chunk = list.maxEntriesPerUpdate();
    const ref = (from: number, to: number): AuthorizationData[] => {
      const out: AuthorizationData[] = [];
      for (let i = from; i < to; i++) out.push({ idTag: uid7(i), idTagInfo: { status: "Accepted", expiresAt: NOW + i, parentIdTag: "G" + (i % 16) } });
      return out;
    };
    // Fill to capacity the OCPP way (first chunk Full, the rest Differential), then replace it all.
    for (const offset of [0, 1_000_000]) {
      let v = offset + 1;
      expect(list.update(v, "Full", ref(offset, offset + chunk))).toBe("Accepted");
      for (let n = chunk; n < cap; n += chunk) expect(list.update(++v, "Differential", ref(offset + n, offset + Math.min(cap, n + chunk)))).toBe("Accepted");
      expect(list.count()).toBe(cap);
      expect(list.update(++v, "Differential", ref(offset + cap, offset + cap + 1))).toBe("Failed");
    }
    expect(list.lookup(uid7(1_000_000 + cap - 1))!.parentIdTag).toBe("G" + ((1_000_000 + cap - 1) % 16));
    expect(list.lookup(uid7(5))).toBeUndefined();
    expect(storage.getFree()).toBeGreaterThanOrEqual(4096);
    // Less free flash, less capacity.
    storage.compact();
    storage.write("tx-journal", new Uint8Array(30000));
    expect(open(storage, { reserveBytes: 4096 }).capacity()).toBeLessThan(cap - 1000);
  });

  it("takes a Differential of maxEntriesPerUpdate() entries of the largest kind", () => {
    const list = open(new SimStorage());
    const n = list.maxEntriesPerUpdate();
    expect(n).toBeGreaterThanOrEqual(100);
    const d: AuthorizationData[] = [];
    for (let i = 0; i < n; i++) d.push({ idTag: ("T" + i).padEnd(20, "x"), idTagInfo: { status: "Accepted", expiresAt: NOW + 1, parentIdTag: ("P" + i).padEnd(20, "y") } });
    expect(list.update(1, "Differential", d)).toBe("Accepted");
    expect(list.update(2, "Differential", d.map((e) => ({ idTag: e.idTag })))).toBe("Accepted");
    expect(list.count()).toBe(0);
  });
});
