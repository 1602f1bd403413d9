import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { build } from "../../../tools/build/build";
import { gateSource, type Problem, type RuleId } from "../../../tools/gate/gate";
import { gateFiles } from "../../../tools/gate/gate-files";

const REPO = path.resolve(__dirname, "../../..");

/** [rule, a piece of the message that names the construct]. */
type Expected = [RuleId, string];

function expectRejected(code: string, expected: Expected[]): Problem[] {
  const problems = gateSource(code);
  const got = problems.map((p) => `${p.rule}: ${p.message}`);
  // Exactly the expected rules, each with its reason; nothing else.
  expect(problems.map((p) => p.rule).sort()).toEqual(expected.map(([rule]) => rule).sort());
  for (const [rule, text] of expected) {
    expect(got).toContainEqual(expect.stringMatching(new RegExp(`^${rule}: .*${escape(text)}`)));
  }
  return problems;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("rejected syntax", () => {
  const cases: [string, string, Expected[]][] = [
    ["default parameter", "function f(a = 1) { return a; }", [["default-param", "default parameter"]]],
    ["default parameter in an arrow", "var f = (a = 1) => a;", [["default-param", "default parameter"]]],
    ["rest parameter", "function f(...r) { return r; }", [["rest-param", "rest parameter"]]],
    ["rest parameter in an arrow", "var f = (...r) => r;", [["rest-param", "rest parameter"]]],
    ["spread in a call", "f(...a);", [["spread", "spread in call"]]],
    ["spread in new", "new F(...a);", [["spread", "spread in call"]]],
    ["array spread", "var b = [...a];", [["spread", "array spread"]]],
    ["object spread", "var o = {...p};", [["spread", "object spread"]]],
    ["object destructuring declaration", "var {a} = o;", [["destructuring", "destructuring declaration"]]],
    ["array destructuring declaration", "const [x, y] = arr;", [["destructuring", "destructuring declaration"]]],
    ["object destructuring parameter", "function f({a}) { return a; }", [["destructuring", "destructuring parameter"]]],
    ["array destructuring parameter in an arrow", "var f = ([a]) => a;", [["destructuring", "destructuring parameter"]]],
    ["destructuring parameter with a default", "function f({a} = {}) { return a; }",
      [["default-param", "default parameter"], ["destructuring", "destructuring parameter"]]],
    ["destructuring rest parameter", "function f(...[a]) { return a; }",
      [["rest-param", "rest parameter"], ["destructuring", "destructuring parameter"]]],
    ["array destructuring assignment (swap)", "[a, b] = [b, a];", [["destructuring", "destructuring assignment"]]],
    ["object destructuring assignment", "({a} = o);", [["destructuring", "destructuring assignment"]]],
    ["destructuring in a for-of declaration", "for (const [k, v] of e) { use(k, v); }", [["destructuring", "destructuring in for-of head"]]],
    ["destructuring assignment in a for-of head", "for ({a} of list) { use(a); }", [["destructuring", "destructuring in for-of head"]]],
    ["destructuring in a for-in head", "for (var [k] in o) { use(k); }", [["destructuring", "destructuring in for-in head"]]],
    ["destructuring catch parameter", "try { f(); } catch ({message}) { use(message); }", [["destructuring", "destructuring catch parameter"]]],
    ["async function", "async function f() { return 1; }", [["async", "async function"]]],
    ["async arrow", "var f = async () => 1;", [["async", "async function"]]],
    ["async method", "class A { async m() { return 1; } }", [["async", "async function"]]],
    ["await", "async function f() { await g(); }", [["async", "async function"], ["async", "await"]]],
    ["for await", "async function f() { for await (const x of y) use(x); }", [["async", "async function"], ["async", "for await"]]],
    ["generator function", "function* g() { yield 1; }", [["generator", "generator function*"]]],
    ["generator method", "class A { *m() { yield 1; } }", [["generator", "generator function*"]]],
    ["optional member", "var v = a?.b;", [["optional-chain", "optional chaining ?."]]],
    ["optional call", "a?.();", [["optional-chain", "optional chaining ?."]]],
    ["optional index", "var v = a?.[k];", [["optional-chain", "optional chaining ?."]]],
    ["exponent", "var v = a ** 2;", [["exponent", "exponent operator **"]]],
    ["exponent assignment", "a **= 2;", [["exponent", "exponent assignment **="]]],
    ["||=", "a ||= 1;", [["logical-assignment", "logical assignment ||="]]],
    ["&&=", "a &&= 1;", [["logical-assignment", "logical assignment &&="]]],
    ["??=", "a ??= 1;", [["logical-assignment", "logical assignment ??="]]],
    ["computed object key", "var o = {[k]: 1};", [["computed-key", "computed object key"]]],
    ["computed object method", "var o = {[k]() { return 1; }};", [["computed-key", "computed object key"]]],
    ["computed class method", "class A { [k]() { return 1; } }", [["computed-key", "computed class member"]]],
    ["computed class field", "class A { static [k] = 1; }", [["computed-key", "computed class member"]]],
    ["labelled loop with labelled break", "outer: for (;;) { break outer; }",
      [["label", 'label "outer:"'], ["label", "labelled break outer"]]],
    ["labelled continue", "l: for (;;) { continue l; }", [["label", 'label "l:"'], ["label", "labelled continue l"]]],
    ["labelled block", "a: { b(); }", [["label", 'label "a:"']]],
    ["#private field", "class A { #x = 1; get() { return this.#x; } }",
      [["private-member", "#private class member"], ["private-member", "#private member access"]]],
    ["#private method", "class A { #m() { return 1; } }", [["private-member", "#private class member"]]],
    ["#private brand check", "class A { #x; has(o) { return #x in o; } }",
      [["private-member", "#private class member"], ["private-member", "#private brand check"]]],
    ["class static block", "class A { static { init(); } }", [["class-static-block", "class static block"]]],
    ["tagged template", "var s = tag`x${1}`;", [["tagged-template", "tagged template"]]],
    ["String.raw tagged template", "var s = String.raw`x`;",
      [["tagged-template", "tagged template"], ["missing-static", "String.raw"]]],
    ["new.target", "function F() { return new.target; }", [["new-target", "new.target"]]],
    ["BigInt literal", "var n = 10n;", [["bigint", "BigInt literal"]]],
    ["class extends Error", "class E extends Error {}", [["extends-builtin", "class extends Error"]]],
    ["class expression extends TypeError", "var E = class extends TypeError {};", [["extends-builtin", "class extends TypeError"]]],
    ["class extends RangeError (also missing)", "class E extends RangeError {}",
      [["extends-builtin", "class extends RangeError"], ["missing-global", "RangeError is not defined"]]],
    ["class extends Array", "class L extends Array {}", [["extends-builtin", "class extends Array"]]],
    ["using declaration", "{ using r = open(); }", [["using", "using declaration"]]],
    ["import statement", 'import x from "y";', [["import-export", "import statement"]]],
    ["export statement", "export const a = 1;", [["import-export", "export statement"]]],
    ["export default", "export default 1;", [["import-export", "export statement"]]],
    ["export all", 'export * from "m";', [["import-export", "export statement"]]],
    ["dynamic import", 'import("x");', [["import-export", "dynamic import()"]]],
    ["module.exports", "module.exports = {};", [["module-exports", "module is undefined"]]],
    ["exports.x", "exports.x = 1;", [["module-exports", "exports is undefined"]]],
    ["syntax error", "var = ;", [["syntax-error", "does not parse"]]],
  ];
  it.each(cases)("%s", (_label, code, expected) => {
    expectRejected(code, expected);
  });
});

describe("rejected regular expressions", () => {
  const cases: [string, string][] = [
    ["/a/s", "flag /s"],
    ["/a/u", "flag /u"],
    ["/a/y", "flag /y"],
    ["/(?<year>\\d+)/", "named group"],
    ["/a(?=b)/", "lookahead"],
    ["/a(?!b)/", "lookahead"],
    ["/(?<=a)b/", "lookbehind"],
    ["/(?<!a)b/", "lookbehind"],
    ["/a{2,3}/", "counted quantifier"],
    ["/a{2}/", "counted quantifier"],
    ["/a{2,}/", "counted quantifier"],
    ["/\\bword/", "\\b word boundary"],
    ["/a\\Bb/", "\\b word boundary"],
    ["/(?:ab)+/", "non-capturing group"],
    ["/a*?/", "lazy quantifier"],
    ["/a+?/", "lazy quantifier"],
    ["/a??/", "lazy quantifier"],
    ["/(a)\\1/", "backreference \\N"],
    ["/(?<n>a)\\k<n>/", "named backreference"],
  ];
  it.each(cases)("%s", (regex, reason) => {
    const problems = gateSource(`var r = ${regex};`);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.rule).toBe("regex");
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringContaining(reason));
  });

  it("reads string patterns given to the RegExp constructor", () => {
    expectRejected('var r = new RegExp("a{2}", "g");', [["regex", "counted quantifier"]]);
    expectRejected('var r = RegExp("(?:a)");', [["regex", "non-capturing group"]]);
  });

  it("names every feature of one pattern once", () => {
    expectRejected("var r = /a{2}(?:b)\\b/s;", [
      ["regex", "flag /s"], ["regex", "counted quantifier"], ["regex", "non-capturing group"], ["regex", "word boundary"],
    ]);
  });
});

describe("rejected library features", () => {
  // The lists of the brief, written out here so a gate list that misses one fails the test.
  const globals = ["Map", "Set", "WeakMap", "WeakSet", "Symbol", "Proxy", "Reflect", "TextEncoder", "TextDecoder",
    "queueMicrotask", "structuredClone", "BigInt"];
  it.each(globals)("global %s", (name) => {
    expectRejected(`var v = ${name};`, [["missing-global", `${name} is not defined`]]);
    expectRejected(`var v = new ${name}();`, [["missing-global", `${name} is not defined`]]);
  });

  it("finds missing globals read through globalThis or global", () => {
    expectRejected("var m = new globalThis.Map();", [["missing-global", "Map is not defined"]]);
    expectRejected("var s = global.Symbol;", [["missing-global", "Symbol is not defined"]]);
  });

  const statics = ["Array.from", "Array.of", "Object.freeze", "Number.isInteger", "Number.isFinite", "Number.isNaN",
    "Number.parseInt", "Number.parseFloat", "Math.trunc", "Math.imul", "Math.hypot", "Math.clz32", "Math.cbrt",
    "Math.log2", "Math.log10", "Math.fround", "String.raw", "Promise.race", "Promise.allSettled", "Promise.any"];
  it.each(statics)("static %s", (name) => {
    expectRejected(`var v = ${name}(x);`, [["missing-static", `${name} is not defined`]]);
  });

  it("matches a static written with a string index", () => {
    expectRejected('var v = Array["from"](x);', [["missing-static", "Array.from is not defined"]]);
  });

  it("rejects .finally on anything", () => {
    expectRejected("p.finally(done);", [["promise-finally", ".finally()"]]);
    expectRejected("load().then(use).finally(done);", [["promise-finally", ".finally()"]]);
  });

  it("rejects instance methods Espruino lacks", () => {
    expectRejected("var v = list.flat();", [["missing-method", ".flat()"]]);
    expectRejected("var v = s.trimStart();", [["missing-method", ".trimStart()"]]);
  });

  it("rejects Array.prototype access (undefined on Espruino)", () => {
    expectRejected("var v = Array.prototype.slice.call(arguments, 1);", [["array-prototype", "Array.prototype.slice"]]);
  });

  it("rejects Object.prototype.toString (no [object X] tag on Espruino)", () => {
    expectRejected("var t = Object.prototype.toString.call(v);", [["object-tostring", "Object.prototype.toString"]]);
  });

  it("rejects instanceof tests of error classes", () => {
    expectRejected("try { f(); } catch (e) { if (e instanceof Error) g(e); }", [["error-instanceof", "instanceof Error"]]);
    expectRejected("var t = e instanceof TypeError;", [["error-instanceof", "instanceof TypeError"]]);
    expectRejected("var t = e instanceof RangeError;",
      [["error-instanceof", "instanceof RangeError"], ["missing-global", "RangeError is not defined"]]);
  });

  it("rejects JSON reviver and replacer (silently ignored)", () => {
    expectRejected("var v = JSON.parse(s, revive);", [["json-callback", "reviver"]]);
    expectRejected("var v = JSON.stringify(o, ['a']);", [["json-callback", "replacer"]]);
  });

  it("rejects arguments inside an arrow", () => {
    expectRejected("function f() { return () => arguments[0]; }", [["arguments-in-arrow", "arguments inside an arrow"]]);
  });

  it("rejects a static method called through a subclass", () => {
    expectRejected("class A { static s() { return 1; } } class B extends A {} B.s();",
      [["static-inheritance", "B.s is a static inherited from A"]]);
    expectRejected("class A { static s() { return 1; } } class B extends A {} class C extends B {} C.s();",
      [["static-inheritance", "C.s is a static inherited from A"]]);
  });
});

describe("rejected esbuild helpers", () => {
  const helpers: [string, string, Expected[]][] = [
    ["__toESM", 'var S = __toESM(require("Storage"));', [["esbuild-helper", "__toESM"]]],
    ["__copyProps", "__copyProps(a, b);", [["esbuild-helper", "__copyProps"]]],
    ["__async", "function f() { return __async(this, null, function* () { return 1; }); }",
      [["esbuild-helper", "__async"], ["generator", "generator function*"]]],
    ["__privateAdd", "__privateAdd(this, _x, 1);", [["esbuild-helper", "__privateAdd"]]],
    ["__privateGet", "var v = __privateGet(this, _x);", [["esbuild-helper", "__privateGet"]]],
    ["__privateSet", "__privateSet(this, _x, 2);", [["esbuild-helper", "__privateSet"]]],
    ["__require", 'var S = __require("Storage");', [["esbuild-helper", "__require"]]],
  ];
  it.each(helpers)("%s", (_name, code, expected) => {
    expectRejected(code, expected);
  });

  it("rejects esbuild's __copyProps body for its per-iteration let", () => {
    const copyProps = `var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};`;
    const [p] = expectRejected(copyProps, [["loop-closure", "closure captures loop variable key"]]);
    expect(p).toMatchObject({ line: 5, column: 46 });
  });
});

describe("function declarations are not hoisted", () => {
  it("rejects a top-level call before the declaration, at the call", () => {
    const [p] = expectRejected("start();\nfunction start() {}", [["hoisting", "start is used before its declaration on line 2"]]);
    expect(p).toMatchObject({ line: 1, column: 1 });
  });

  it("rejects a reference that is not a call", () => {
    expectRejected('E.on("init", start);\nfunction start() {}', [["hoisting", "start is used before its declaration"]]);
  });

  it("rejects a use before the declaration inside a function body", () => {
    expectRejected("function outer() {\n  inner();\n  function inner() {}\n}", [["hoisting", "inner is used before its declaration"]]);
  });

  it("rejects a use before the declaration in a nested block of the same body", () => {
    expectRejected("if (x) { f(); }\nfunction f() {}", [["hoisting", "f is used before"]]);
  });

  it("rejects calling a declared function whose body uses a later one", () => {
    expectRejected("function a() { return b(); }\na();\nfunction b() { return 1; }",
      [["hoisting", "calling a here uses b before its declaration on line 3"]]);
    expectRejected("function a() { return c(); }\nfunction c() { return b(); }\na();\nfunction b() { return 1; }",
      [["hoisting", "calling a -> c here uses b"]]);
  });

  it("rejects a use inside a function invoked on the spot", () => {
    expectRejected("(function () { f(); })();\nfunction f() {}", [["hoisting", "f is used before"]]);
  });

  it("rejects a use inside a callback an array method runs at once", () => {
    expectRejected("[1, 2].forEach(function (x) { f(x); });\nfunction f(x) {}", [["hoisting", "f is used before its declaration on line 2"]]);
    expectRejected("function outer(list) {\n  var n = list.map((x) => g(x));\n  function g(x) { return x; }\n  return n;\n}",
      [["hoisting", "g is used before its declaration on line 3"]]);
    expectRejected("function a(list) { list.sort(function (p, q) { return cmp(p, q); }); }\na([]);\nfunction cmp(p, q) { return p - q; }",
      [["hoisting", "calling a here uses cmp before its declaration on line 3"]]);
  });
});

describe("loop variables captured by closures", () => {
  it("rejects a for-let captured by an arrow", () => {
    expectRejected("for (let i = 0; i < 3; i++) fns.push(() => i);", [["loop-closure", "closure captures loop variable i"]]);
  });
  it("rejects a for-of const captured by a function", () => {
    expectRejected("for (const k of keys) fns.push(function () { return k; });", [["loop-closure", "loop variable k"]]);
  });
  it("rejects a for-in let captured by a method", () => {
    expectRejected("for (let k in o) list.push({ get() { return k; } });", [["loop-closure", "loop variable k"]]);
  });
  it("rejects a capture used synchronously too (the rule is simple: no capture)", () => {
    expectRejected("for (const x of xs) ys.forEach((y) => use(x, y));", [["loop-closure", "loop variable x"]]);
  });
});

describe("accepted code (what Espruino runs)", () => {
  const cases: [string, string][] = [
    ["arrow functions", "var f = (a, b) => a + b; var g = () => ({ a: 1 }); var h = x => { return x; };"],
    ["classes with get/set/static/extends/super", `class A {
  constructor(x) { this.x = x; }
  get v() { return this.x; }
  set v(y) { this.x = y; }
  static make() { return new A(1); }
  static get zero() { return 0; }
}
class B extends A {
  constructor() { super(2); }
  m() { return super.m ? 1 : this.v; }
  static make() { return new B(); }
}
var b = B.make(); var a = A.make();`],
    ["public class fields", "class A { x = 1; static y = 2; }"],
    ["own statics on a subclass", "class A { static s() { return 1; } } class B extends A { static t() { return 2; } } B.t(); A.s(); B.u = 1; B.u;"],
    ["template literals", "var s = `a${b}c`; var m = `line\nline`;"],
    ["let/const in blocks", "{ let x = 1; const y = 2; z = x + y; }"],
    ["for-of over an array without closures", "var total = 0; for (const x of [1, 2]) { total += x; }"],
    ["for-let loop without closures", "var sum = 0; for (let i = 0; i < 3; i++) { sum += i; }"],
    ["var loop variable in a closure (function-scoped, as on Espruino)", "for (var i = 0; i < 3; i++) fns.push(() => i);"],
    ["let in a while body captured", "var i = 0; while (i < 3) { const j = i; fns.push(() => j); i++; }"],
    ["nullish coalescing", "var v = a ?? b;"],
    ["optional catch binding", "try { f(); } catch { g(); }"],
    ["try/catch/finally statement", "try { f(); } catch (e) { g(e); } finally { h(); }"],
    ["Promise, then, catch, Promise.all", "new Promise((ok) => ok(1)).then((v) => v).catch((e) => e); Promise.all([a, b]); Promise.resolve(1); Promise.reject(e);"],
    ["Object helpers", "Object.assign({}, a); Object.entries(o); Object.values(o); Object.keys(o); Object.fromEntries(e); Object.defineProperty(o, 'k', {}); Object.prototype.hasOwnProperty.call(o, 'k');"],
    ["string and array methods", "s.padStart(2, '0'); s.includes('a'); s.startsWith('a'); a.find(f); a.findIndex(f); a.includes(1); a.fill(0); s.replaceAll('a', 'b'); [].slice.call(arguments, 1);"],
    ["Math and global number functions", "Math.pow(2, 3); Math.sign(-1); Math.floor(1.5); isNaN(x); parseInt('1', 10); parseFloat('1.5'); isFinite(x);"],
    ["members named like missing statics on other objects", "var o = { from(x) { return x; }, of() {}, trunc() {} }; o.from(1); o.of(); list.from(2); myMath.trunc(1); myObj.freeze(); Promise.all([]);"],
    ["JSON without callbacks", "JSON.parse(s); JSON.stringify(o); JSON.stringify(o, null, 2); JSON.stringify(o, undefined, 2);"],
    ["supported regexes", "var r = /^a+b*c?$/i; var g = /[a-z]\\d\\w\\s./g; var alt = /(ab)|c/; var bs = /[\\b]/; var brace = /a\\{2\\}/; var s = new RegExp('^a+$', 'i');"],
    ["a function declared before use", "function start() { return 1; }\nstart();"],
    ["a body referring to a later function, called after both", "function a() { return b(); }\nfunction b() { return 1; }\na();"],
    ["a callback referring to a later function", "setTimeout(() => f(), 1);\nfunction f() {}"],
    ["an array callback referring to a later function, in a function called after it", "function a(l) { l.forEach(function (x) { f(x); }); }\nfunction f(x) {}\na([]);"],
    ["declarations inside an IIFE bundle wrapper", "(function(){\n\"use strict\";\nfunction f() { return 1; }\nvar v = f();\nE.on(\"init\", f);\n})();"],
    ["arguments in a normal function", "function f() { return arguments.length; }"],
    ["instanceof a class of the program, or of a local named Error", "class Foo {} var a = x instanceof Foo; function f(Error) { return y instanceof Error; }"],
    ["local bindings that shadow missing globals", "function f(Map, Array) { return new Map(Array.from(x)); } function g() { var Symbol = 1; return Symbol; }"],
    ["module/exports declared as parameters", "(function (exports, module) { module.exports = exports; })({}, {});"],
    ["typed arrays and DataView", "var x = new Uint8Array(4); x.set([1]); var d = new DataView(x.buffer); d.getUint16(0, true); x.subarray(1);"],
    ["object literal getters, setters, shorthand", "var o = { a, m() { return 1; }, get g() { return 1; }, set g(v) {} };"],
    ["require of a built-in module", 'var Storage = require("Storage"); Storage.read("a");'],
    ["directives, numeric separators, globalThis", 'function f() { "ram"; return 1_000 + globalThis.x; }'],
    ["esbuild's plain helpers", "var __defProp = Object.defineProperty; var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value; var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== \"symbol\" ? key + \"\" : key, value);"],
    ["TypeScript enum output", 'var Color = /* @__PURE__ */ ((Color2) => { Color2[Color2["Red"] = 0] = "Red"; return Color2; })(Color || {});'],
  ];
  it.each(cases)("%s", (_label, code) => {
    expect(gateSource(code)).toEqual([]);
  });
});

describe("real esbuild bundles", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "gate-bundle-"));
    fs.mkdirSync(path.join(root, "firmware"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function bundle(main: string) {
    fs.writeFileSync(path.join(root, "firmware/main.ts"), main);
    await build({ root, tsconfig: path.join(REPO, "firmware/tsconfig.json"), targets: [
      { name: "firmware", entry: "firmware/main.ts", outfile: "dist/firmware.js", devOutfile: "dist/firmware.dev.js", required: true },
    ] });
    return gateFiles(["dist/firmware.js"], root);
  }

  it("rejects `import * as S from \"Storage\"` (__toESM), naming the source line", async () => {
    const outcome = await bundle('import * as S from "Storage";\nconsole.log(S.read("a"));\n');
    const dev = outcome.files.find((f) => f.file === "dist/firmware.dev.js");
    expect(dev?.problems.map((p) => p.rule)).toEqual(expect.arrayContaining(["esbuild-helper", "loop-closure"]));
    const toEsm = dev?.problems.find((p) => p.message.includes("__toESM"));
    expect(toEsm?.source).toMatchObject({ file: "firmware/main.ts", line: 1 });
    // The minified bundle has no helper names left, but the per-iteration let in __copyProps is still caught.
    const release = outcome.files.find((f) => f.file === "dist/firmware.js");
    expect(release?.problems.map((p) => p.rule)).toContain("loop-closure");
  });

  it("accepts `import S = require(\"Storage\")`", async () => {
    const outcome = await bundle('import S = require("Storage");\nfunction start(): void { console.log(S.read("a")); }\nE.on("init", start);\n');
    expect(outcome.files.map((f) => f.file)).toEqual(["dist/firmware.js", "dist/firmware.dev.js"]);
    expect(outcome.problems).toEqual([]);
  });

  it("locates a problem in the minified bundle at its source line through the source map", async () => {
    const outcome = await bundle("const m = new Map<string, number>();\nfunction start(): void {\n  console.log(m.size);\n}\nE.on(\"init\", start);\n");
    const release = outcome.files.find((f) => f.file === "dist/firmware.js");
    expect(release?.problems).toHaveLength(1);
    expect(release?.problems[0]).toMatchObject({ rule: "missing-global", line: 2, source: { file: "firmware/main.ts", line: 1 } });
  });
});
