import { SimBoard } from "../../../../hal/sim/board";
import { SimStorage } from "../../../../hal/sim/storage";
import { harness } from "../support/shim-harness";

describe('require("Storage") over SimStorage', () => {
  it("writes and reads 8-bit strings; a missing file reads undefined", () => {
    const h = harness();
    expect(h.json('require("Storage").write("a", "h\\u00e9\\u00ff\\u0000!")')).toBe(true);
    expect(Array.from(h.board.storage.read("a") as Uint8Array)).toEqual([0x68, 0xe9, 0xff, 0x00, 0x21]);
    expect(h.json('require("Storage").read("a")')).toBe("h\u00e9\u00ff\u0000!");
    expect(h.json('require("Storage").read("a", 1, 2)')).toBe("\u00e9\u00ff");
    expect(h.json('typeof require("Storage").read("nope")')).toBe("undefined");
    expect(h.json('typeof require("Storage").readArrayBuffer("nope")')).toBe("undefined");
    expect(h.json('typeof require("Storage").readJSON("nope")')).toBe("undefined");
  });

  it("readArrayBuffer gives the file's bytes, cached until the file is written again", () => {
    const h = harness();
    h.board.storage.write("bin", new Uint8Array([1, 2, 3, 250]));
    expect(h.json('Array.prototype.slice.call(new Uint8Array(require("Storage").readArrayBuffer("bin")))')).toEqual([1, 2, 3, 250]);
    expect(h.json('require("Storage").readArrayBuffer("bin") === require("Storage").readArrayBuffer("bin")')).toBe(true);
    expect(h.shim.storage.stats.copies).toBe(1);
    expect(h.shim.storage.stats.cacheHits).toBe(2);
    h.run('var S = require("Storage"); var before = S.readArrayBuffer("bin"); S.write("bin", new Uint8Array([9, 8]));');
    expect(h.json('S.readArrayBuffer("bin") !== before')).toBe(true);
    expect(h.json('Array.prototype.slice.call(new Uint8Array(S.readArrayBuffer("bin")))')).toEqual([9, 8]);
    expect(h.json('S.readArrayBuffer("bin") instanceof ArrayBuffer')).toBe(true);
  });

  it("writes arrays and typed arrays as bytes, objects as JSON, and round-trips JSON", () => {
    const h = harness();
    h.run('var S = require("Storage"); S.write("arr", [65, 66, 300]); S.write("u8", new Uint8Array([1, 2]).subarray(1)); S.write("obj", { a: 1 }); S.writeJSON("j", { b: [1, "x"] });');
    expect(Array.from(h.board.storage.read("arr") as Uint8Array)).toEqual([65, 66, 300 & 0xff]);
    expect(Array.from(h.board.storage.read("u8") as Uint8Array)).toEqual([2]);
    expect(h.json('S.read("obj")')).toBe('{"a":1}');
    expect(h.json('S.readJSON("j")')).toEqual({ b: [1, "x"] });
    h.run('S.write("bad", "{nope");');
    expect(() => h.shim.evaluate('S.readJSON("bad")')).toThrow();
    expect(h.json('typeof S.readJSON("bad", true)')).toBe("undefined");
  });

  it("creates a sized file and fills it at offsets; rewriting written bytes throws with a code", () => {
    const h = harness();
    h.run('var S = require("Storage"); S.write("f", "Hello", 0, 11); S.write("f", " World", 5);');
    expect(h.json('S.read("f")')).toBe("Hello World");
    expect(h.json('(function () { try { S.write("f", "X", 0 + 1); return "no error"; } catch (e) { return e.code; } })()')).toBe("REWRITE");
    expect(h.json('(function () { try { S.write("g", "X", 3); return "no error"; } catch (e) { return e.code; } })()')).toBe("NOFILE");
  });

  it("lists (with a regex), erases, reports stats and free space as the SimStorage does", () => {
    const h = harness();
    h.run('var S = require("Storage"); S.write("log.1", "a"); S.write("log.2", "b"); S.write("cfg", "c"); S.erase("log.1");');
    expect(h.json("S.list()")).toEqual(["log.2", "cfg"]);
    expect(h.json("S.list(/^log/)")).toEqual(["log.2"]);
    expect(h.json("S.getStats()")).toEqual(h.board.storage.getStats());
    expect(h.json("S.getFree()")).toBe(h.board.storage.getFree());
    expect(h.board.storage.getStats().trashCount).toBe(1);
    h.run("S.compact();");
    expect(h.board.storage.getStats().trashCount).toBe(0);
    expect(h.json('S.read("cfg")')).toBe("c");
  });

  it("cuts names longer than 28 characters, as Espruino does", () => {
    const h = harness();
    h.run('require("Storage").write("abcdefghijklmnopqrstuvwxyz0123456789", "v");');
    expect(h.board.storage.list()).toEqual(["abcdefghijklmnopqrstuvwxyz01"]);
  });

  it("compacts by itself when a new file finds no room, and throws as Espruino does when there is none", () => {
    const storage = new SimStorage({ pages: 1, pageSize: 256 });
    const h = harness({ board: new SimBoard({ storage }) });
    h.run('var S = require("Storage"); S.write("a", new Uint8Array(100)); S.erase("a");');
    expect(storage.getStats().trashCount).toBe(1);
    expect(h.json("S.write('b', new Uint8Array(150))")).toBe(true);
    expect(h.shim.storage.stats.autoCompactions).toBe(1);
    expect(storage.getStats().trashCount).toBe(0);
    expect(h.json("(function(){ try { S.write('c', new Uint8Array(150)); return 'no error'; } catch (e) { return e.message; } })()")).toBe("Unable to find or create file");
    expect(storage.list()).toEqual(["b"]);
  });

  it("eraseAll leaves an empty, compacted flash", () => {
    const h = harness();
    h.run('var S = require("Storage"); S.write("a", "1"); S.write("b", "2"); S.eraseAll();');
    expect(h.board.storage.list()).toEqual([]);
    expect(h.board.storage.getStats().trashBytes).toBe(0);
  });
});
