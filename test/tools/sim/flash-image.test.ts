import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SimStorage } from "../../../hal/sim/storage";
import { expectedImageBytes, loadFlashImage, loadOrCreateFlashImage, saveFlashImage } from "../../../tools/sim/flash-image";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "flash-image-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error("expected an error");
}

describe("flash image files", () => {
  test("save and load back: same files, same trash, same free space (default ESP32 size)", () => {
    const s = new SimStorage();
    s.write("unit.json", '{"a":1}');
    s.write("log", "head", 0, 100);
    s.write("log", "more", 4);
    s.write("old", "x");
    s.erase("old");
    const file = path.join(dir, "sub", "unit.flash");
    saveFlashImage(s, file);
    expect(fs.statSync(file).size).toBe(224 * 4096);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["unit.flash"]); // no temporary left behind
    const back = loadFlashImage(file);
    expect(back.list()).toEqual(["unit.json", "log"]);
    expect(Buffer.from(back.read("log")!).toString("latin1").slice(0, 8)).toBe("headmore");
    expect(back.getStats()).toEqual(s.getStats());
    // the loaded store is independent of the file and writable
    back.write("new", "y");
    expect(loadFlashImage(file).list()).toEqual(["unit.json", "log"]);
  });

  test("custom geometry round-trips when given the same options", () => {
    const opts = { pages: 4, pageSize: 256 };
    const s = new SimStorage(opts);
    s.write("a", "b");
    const file = path.join(dir, "small.flash");
    saveFlashImage(s, file);
    expect(loadFlashImage(file, opts).list()).toEqual(["a"]);
    expect(expectedImageBytes(opts)).toBe(1024);
  });

  test("a wrong-sized file is a clear error naming the file and both sizes", () => {
    const file = path.join(dir, "bad.flash");
    fs.writeFileSync(file, Buffer.alloc(1000, 0xff));
    const e = errorOf(() => loadFlashImage(file));
    expect(e.code).toBe("IMAGE_SIZE");
    expect(e.message).toBe(`flash image ${file} is 1000 bytes; expected 917504 (224 pages of 4096 bytes)`);
    // and the bad file is left as it was
    expect(fs.statSync(file).size).toBe(1000);
  });

  test("an unreadable path is a clear error", () => {
    const missing = path.join(dir, "missing.flash");
    const e = errorOf(() => loadFlashImage(missing));
    expect(e.code).toBe("IMAGE_READ");
    expect(e.message).toContain(`cannot read flash image ${missing}`);
    const e2 = errorOf(() => loadFlashImage(dir)); // a directory
    expect(e2.code).toBe("IMAGE_READ");
  });

  test("saving to an impossible place is a clear error", () => {
    const blocker = path.join(dir, "file");
    fs.writeFileSync(blocker, "x");
    const e = errorOf(() => saveFlashImage(new SimStorage({ pages: 1, pageSize: 256 }), path.join(blocker, "x.flash")));
    expect(e.code).toBe("IMAGE_WRITE");
    expect(e.message).toContain("cannot save flash image");
  });

  test("loadOrCreate: blank when absent, the saved flash when present", () => {
    const file = path.join(dir, "unit.flash");
    const first = loadOrCreateFlashImage(file, { pages: 4, pageSize: 256 });
    expect(first.created).toBe(true);
    first.storage.write("kept", "1");
    saveFlashImage(first.storage, file);
    const second = loadOrCreateFlashImage(file, { pages: 4, pageSize: 256 });
    expect(second.created).toBe(false);
    expect(second.storage.list()).toEqual(["kept"]);
  });
});
