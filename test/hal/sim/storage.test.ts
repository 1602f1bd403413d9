import { SimStorage } from "../../../hal/sim/storage";
import { STORAGE_HEADER_BYTES } from "../../../hal/storage";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : String.fromCharCode(...b));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const small = (rewrite?: "espruino" | "nor") => new SimStorage({ pages: 4, pageSize: 256, rewrite });

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

/** Every live file as name -> hex, the way a rebooted unit would see them. */
function snapshot(s: SimStorage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of s.list()) out[n] = hex(s.read(n)!);
  return out;
}

describe("SimStorage semantics", () => {
  test("create with a size: unwritten bytes read as 0xFF; offset writes fill them in", () => {
    const s = small();
    s.write("a", "Hello", 0, 14);
    expect(s.read("a")!.length).toBe(14);
    expect(Array.from(s.read("a")!.subarray(5))).toEqual(new Array(9).fill(0xff));
    s.write("a", " ", 5);
    s.write("a", "World!!!", 6);
    expect(text(s.read("a"))).toBe("Hello World!!!");
    expect(s.list()).toEqual(["a"]);
  });

  test("write at offset 0 replaces the file: the old one becomes trash", () => {
    const s = small();
    s.write("a", "first version");
    const before = s.getStats();
    s.write("a", "second");
    expect(text(s.read("a"))).toBe("second");
    const after = s.getStats();
    expect(after.fileCount).toBe(1);
    expect(after.trashCount).toBe(1);
    expect(after.trashBytes).toBe(before.fileBytes);
    expect(after.freeBytes).toBe(before.freeBytes - (STORAGE_HEADER_BYTES + 8));
  });

  test("writing the same content again writes nothing; a blank same-size file is reused in place", () => {
    const s = small();
    s.write("a", "same");
    const written = s.counters.bytesWritten;
    s.write("a", "same");
    expect(s.counters.bytesWritten).toBe(written);
    expect(s.getStats().trashCount).toBe(0);
    s.write("b", "", 0, 8);
    const free = s.getFree();
    s.write("b", "12345678");
    expect(s.getFree()).toBe(free);
    expect(s.getStats().trashCount).toBe(0);
    expect(text(s.read("b"))).toBe("12345678");
  });

  test("espruino mode: writing over written bytes throws REWRITE and changes nothing", () => {
    const s = small("espruino");
    s.write("a", "abc", 0, 8);
    const image = s.image().slice();
    expect(codeOf(() => s.write("a", "x", 1))).toBe("REWRITE");
    expect(s.image()).toEqual(image);
    expect(text(s.read("a")!.subarray(0, 3))).toBe("abc");
  });

  test("nor mode: writing over written bytes ANDs them (bits only go down)", () => {
    const t = small("nor");
    t.write("a", new Uint8Array([0x3c]), 0, 3);
    t.write("a", new Uint8Array([0x0f, 0xaa]), 1);
    t.write("a", new Uint8Array([0xf0, 0x55]), 1);
    expect(Array.from(t.read("a")!)).toEqual([0x3c, 0x00, 0xaa & 0x55]);
  });

  test("offset write needs an existing file and must fit", () => {
    const s = small();
    expect(codeOf(() => s.write("none", "x", 3))).toBe("NOFILE");
    s.write("a", "", 0, 4);
    expect(codeOf(() => s.write("a", "abc", 2))).toBe("SIZE");
    expect(codeOf(() => s.write("a", "abc", -1))).toBe("ARGS");
    expect(hex(s.read("a")!)).toBe("ffffffff");
  });

  test("FULL: a clear message, and nothing changed", () => {
    const s = small();
    s.write("a", "", 0, 400);
    s.write("b", "x", 0, 200);
    s.erase("b");
    const image = s.image().slice();
    const stats = s.getStats();
    let err: Error & { code?: string } = new Error("none");
    try {
      s.write("c", "", 0, 340);
    } catch (e) {
      err = e as Error & { code?: string };
    }
    expect(err.code).toBe("FULL");
    expect(err.message).toContain("'c' needs 372 bytes");
    expect(err.message).toContain(s.getFree() + " free");
    expect(err.message).toContain("in trash until compact");
    expect(s.image()).toEqual(image);
    expect(s.getStats()).toEqual(stats);
    expect(s.list()).toEqual(["a"]);
    s.compact();
    s.write("c", "", 0, 40);
    expect(s.list()).toEqual(["a", "c"]);
  });

  test("erase leaves trash that only compact gives back; compact keeps every live file", () => {
    const s = small();
    s.write("keep1", "one");
    s.write("gone", "", 0, 100);
    s.write("keep2", "two two");
    const freeBefore = s.getFree();
    s.erase("gone");
    s.erase("never-existed");
    expect(s.list()).toEqual(["keep1", "keep2"]);
    expect(s.read("gone")).toBeUndefined();
    expect(s.getFree()).toBe(freeBefore);
    expect(s.getStats().trashBytes).toBe(STORAGE_HEADER_BYTES + 100);
    s.compact();
    expect(s.getFree()).toBe(freeBefore + STORAGE_HEADER_BYTES + 100);
    expect(s.getStats().trashCount).toBe(0);
    expect(text(s.read("keep1"))).toBe("one");
    expect(text(s.read("keep2"))).toBe("two two");
    expect(s.counters.compactions).toBe(1);
  });

  test("getStats adds up: header + data padded to 4 bytes per file", () => {
    const s = small();
    s.write("a", "12345");
    s.write("b", "", 0, 8);
    s.write("c", "x");
    s.erase("c");
    expect(s.getStats()).toEqual({
      totalBytes: 1024,
      freeBytes: 1024 - (32 + 8) - (32 + 8) - (32 + 4),
      fileBytes: (32 + 8) + (32 + 8),
      fileCount: 2,
      trashBytes: 32 + 4,
      trashCount: 1,
    });
  });

  test("names: 1..28 characters", () => {
    const s = small();
    const n28 = "n".repeat(28);
    s.write(n28, "ok");
    expect(s.list()).toEqual([n28]);
    expect(codeOf(() => s.write("n".repeat(29), "no"))).toBe("NAME");
    expect(codeOf(() => s.write("", "no"))).toBe("NAME");
    expect(s.list()).toEqual([n28]);
  });

  test("list filters by prefix (plain prefix, no pattern)", () => {
    const s = small();
    for (const n of ["al.1", "al.2", "alx", "tx.1", ".a*"]) s.write(n, "v");
    expect(s.list("al.")).toEqual(["al.1", "al.2"]);
    expect(s.list(".a*")).toEqual([".a*"]);
    expect(s.list("zz")).toEqual([]);
    expect(s.list().length).toBe(5);
  });

  test("read is a view of flash, not a copy", () => {
    const s = small();
    s.write("a", "ab", 0, 4);
    const view = s.read("a")!;
    expect(view.buffer).toBe(s.image().buffer);
    s.write("a", "cd", 2);
    expect(text(view)).toBe("abcd");
  });

  test("powerCycle, or a new store on the same image, rebuilds the file table from flash", () => {
    const s = small();
    s.write("a", "alpha");
    s.write("b", "", 0, 6);
    s.write("b", "xy", 2);
    s.write("c", "gamma");
    s.erase("c");
    s.write("a", "alpha2");
    const expected = snapshot(s);
    const stats = s.getStats();
    s.powerCycle();
    expect(snapshot(s)).toEqual(expected);
    expect(s.getStats()).toEqual(stats);
    const copy = new SimStorage({ pageSize: 256 }, s.image().slice());
    expect(copy.pages).toBe(4);
    expect(snapshot(copy)).toEqual(expected);
    expect(copy.getStats()).toEqual(stats);
  });
});

describe("SimStorage power cuts", () => {
  type Op = { run: (s: SimStorage) => void; units: number; apply: (m: Record<string, Uint8Array>, landed: number) => void };

  const header = bytes("LOGHEAD1");
  const partA = bytes("first-block-0123");
  const partB = bytes("second-block-456");
  const newRep = bytes("replacement-contents");
  const blank = (n: number) => new Uint8Array(n).fill(0xff);

  // the sequence: create with size, two offset writes, replace another file, erase a third
  const ops: Op[] = [
    {
      run: (s) => s.write("log", header, 0, 64),
      units: SimStorage.unitsOf({ replace: false, create: true, bytes: header.length }),
      apply: (m, landed) => {
        if (landed < 1) return;
        const f = blank(64);
        f.set(header.subarray(0, landed - 1));
        m.log = f;
      },
    },
    {
      run: (s) => s.write("log", partA, 8),
      units: partA.length,
      apply: (m, landed) => m.log!.set(partA.subarray(0, landed), 8),
    },
    {
      run: (s) => s.write("log", partB, 24),
      units: partB.length,
      apply: (m, landed) => m.log!.set(partB.subarray(0, landed), 24),
    },
    {
      run: (s) => s.write("rep", newRep),
      units: SimStorage.unitsOf({ replace: true, create: true, bytes: newRep.length }),
      apply: (m, landed) => {
        if (landed < 1) return;
        delete m.rep;
        if (landed < 2) return;
        const f = blank(newRep.length);
        f.set(newRep.subarray(0, landed - 2));
        m.rep = f;
      },
    },
    {
      run: (s) => s.erase("gone"),
      units: 1,
      apply: (m, landed) => {
        if (landed >= 1) delete m.gone;
      },
    },
  ];

  function setup(): { s: SimStorage; model: Record<string, Uint8Array> } {
    const s = new SimStorage({ pages: 8, pageSize: 512 });
    s.write("keep", bytes("never touched by the sequence"));
    s.write("rep", bytes("old replaceable"));
    s.write("gone", bytes("to be erased"));
    const model: Record<string, Uint8Array> = {};
    for (const n of s.list()) model[n] = s.read(n)!.slice();
    return { s, model };
  }

  const asHex = (m: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, hex(v)]));

  test("the uncut sequence gives the model's result", () => {
    const { s, model } = setup();
    for (const op of ops) {
      op.run(s);
      op.apply(model, op.units);
    }
    expect(snapshot(s)).toEqual(asHex(model));
  });

  const cases: [number, number][] = [];
  ops.forEach((op, i) => {
    for (let landed = 0; landed <= op.units + 1; landed++) cases.push([i, landed]);
  });

  test.each(cases)("cut at write %i with %i units landed: the store is the writes before plus a prefix", (cutIndex, landed) => {
    const { s, model } = setup();
    s.cutPowerAt(cutIndex + 1, landed);
    let died = -1;
    for (let i = 0; i < ops.length; i++) {
      const code = codeOf(() => ops[i]!.run(s));
      if (code === "POWER" && died < 0) died = i;
      if (died >= 0) expect(code).toBe("POWER");
      else expect(code).toBeUndefined();
    }
    expect(died).toBe(cutIndex);
    expect(s.isDead()).toBe(true);
    // a cut always loses at least the last unit of the cut operation
    const effective = Math.min(landed, ops[cutIndex]!.units - 1);
    for (let i = 0; i < cutIndex; i++) ops[i]!.apply(model, ops[i]!.units);
    ops[cutIndex]!.apply(model, effective);
    s.powerCycle();
    expect(s.isDead()).toBe(false);
    expect(snapshot(s)).toEqual(asHex(model));
    // and the store still works: compaction keeps exactly the same files, new writes land
    s.compact();
    expect(snapshot(s)).toEqual(asHex(model));
    s.write("after", "fine");
    expect(text(s.read("after"))).toBe("fine");
  });
});
