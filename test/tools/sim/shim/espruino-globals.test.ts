import { shimGlobalNames, REMOVED_GLOBALS } from "../../../../tools/sim/shim/espruino-globals";
import { harness } from "../support/shim-harness";

describe("the shim context holds only what Espruino has", () => {
  const h = harness();

  it("lists exactly the allowed globals (no Node global leaks)", () => {
    const names: string[] = h.json("Object.getOwnPropertyNames(globalThis)");
    expect(names.slice().sort()).toEqual(shimGlobalNames());
    for (const leak of ["Buffer", "setImmediate", "queueMicrotask", "structuredClone", "module", "exports", "__dirname",
      "TextEncoder", "fetch", "performance", "URL", "clearImmediate"]) {
      expect(names).not.toContain(leak);
    }
  });

  it("has no Node process details, no fs, no module or exports", () => {
    expect(h.json("typeof process.versions")).toBe("undefined");
    expect(h.json("typeof process.argv")).toBe("undefined");
    expect(h.json("typeof process.exit")).toBe("undefined");
    expect(h.json("Object.keys(process).sort()")).toEqual(["env", "memory", "version"]);
    expect(h.json("typeof module + typeof exports + typeof Buffer + typeof setImmediate + typeof queueMicrotask"))
      .toBe("undefinedundefinedundefinedundefinedundefined");
    expect(() => h.shim.evaluate('require("fs")')).toThrow("Module fs not found");
    expect(() => h.shim.evaluate('require("child_process")')).toThrow("Module child_process not found");
  });

  it("lacks the built-ins Espruino lacks", () => {
    for (const name of REMOVED_GLOBALS.filter((n) => n !== "console")) expect([name, h.json("typeof " + name)]).toEqual([name, "undefined"]);
    for (const expr of ["Array.from", "Array.of", "Math.trunc", "Math.imul", "Math.log2", "Object.freeze", "Number.isInteger",
      "Number.isFinite", "Number.parseInt", "Promise.prototype.finally", "Promise.race", "Promise.allSettled", "Promise.any",
      "[].flat", "[].at", "[].findLast", "''.trimStart", "''.codePointAt", "Uint8Array.from", "new ArrayBuffer(1).slice",
      "String.raw", "console.error", "console.time"]) {
      expect([expr, h.json("typeof " + expr)]).toEqual([expr, "undefined"]);
    }
  });

  it("keeps what Espruino has: Promise (then/catch/all), typed arrays, JSON, Math.sign, Object.assign", () => {
    for (const expr of ["Promise", "Promise.all", "Promise.resolve", "Promise.reject", "Promise.prototype.then",
      "Promise.prototype.catch", "Uint8Array", "DataView", "Float64Array", "JSON.parse", "Math.sign", "Object.assign",
      "Object.keys", "Object.entries", "[].includes", "[].find", "''.padStart", "Date", "RegExp", "eval", "parseInt"]) {
      expect([expr, h.json("typeof " + expr)]).toEqual([expr, "function"]);
    }
  });

  it("makes code that uses a missing built-in fail as on a device", () => {
    const before = h.shim.uncaught.length;
    expect(h.run("var m = new Map();")).toBe(false);
    expect(h.run("Array.from([1, 2]);")).toBe(false);
    expect(h.run("Promise.resolve(1).finally(function () {});")).toBe(false);
    const lines = h.shim.uncaught.slice(before).map((u) => u.line);
    expect(lines).toEqual([
      "Uncaught ReferenceError: Map is not defined",
      "Uncaught TypeError: Array.from is not a function",
      "Uncaught TypeError: Promise.resolve(...).finally is not a function",
    ]);
  });

  it("ignores JSON reviver and replacer, as Espruino does", () => {
    expect(h.json('JSON.parse("{\\"a\\":1}", function (k, v) { return 7; })')).toEqual({ a: 1 });
    expect(h.json('JSON.stringify({ a: 1, b: 2 }, ["a"])')).toBe('{"a":1,"b":2}');
  });

  it("gives the bundle values and errors of its own realm", () => {
    expect(h.json('require("Storage").list() instanceof Array')).toBe(true);
    expect(h.json("digitalWrite instanceof Function && E.getSizeOf instanceof Function")).toBe(true);
    expect(h.json("SPI1.send(new Uint8Array(2), D4) instanceof Uint8Array")).toBe(true);
    expect(h.json('(function () { try { require("Storage").write("x", "ab", 5); } catch (e) { return [e instanceof Error, e.code]; } })()'))
      .toEqual([true, "NOFILE"]);
    expect(h.json("typeof digitalWrite.constructor('return process')().versions")).toBe("undefined");
  });

  it("has Espruino's event methods on every object", () => {
    expect(h.json('(function () { var o = {}; var got = []; o.on("x", function (a) { got.push(a); }); o.emit("x", 5); o.removeAllListeners("x"); o.emit("x", 6); return [got, Object.keys(o)]; })()'))
      .toEqual([[5], []]);
  });

  it("has the pins as Pin objects", () => {
    expect(h.json("[String(D0), String(D39), typeof D40, D5 instanceof Pin, typeof D5.read, typeof D5.write, HIGH, LOW]"))
      .toEqual(["D0", "D39", "undefined", true, "function", "function", 1, 0]);
    expect(h.json("global === globalThis")).toBe(true);
    expect(h.json("[process.env.BOARD, process.env.VERSION, process.env.MODULES]")).toEqual(["ESP32", "2v29", "Storage,net,tls,Wifi"]);
  });
});
