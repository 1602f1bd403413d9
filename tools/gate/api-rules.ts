// Library features Espruino lacks: missing globals, static methods and instance methods, esbuild helpers
// that need them, `module`/`exports`, `arguments` in arrows, and JSON callbacks that are silently ignored.
// Globals and static methods are matched on the identifier only when it is not declared in the bundle,
// so a local variable or parameter named `Map` or `Math` is not flagged.
import * as walk from "acorn-walk";
import type * as acorn from "acorn";
import { AnyNode, staticPropertyName } from "./ast";
import type { Report } from "./problem";
import { unsupportedRegexFeatures } from "./regex-check";
import type { ScopeAnalysis } from "./scope";

export const MISSING_GLOBALS = ["Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Symbol", "Proxy",
  "Reflect", "TextEncoder", "TextDecoder", "queueMicrotask", "structuredClone", "BigInt", "RangeError", "EvalError",
  "URIError", "AggregateError"];

const TYPED_ARRAYS = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
  "Uint32Array", "Float32Array", "Float64Array"];

/** Static members that are undefined on Espruino, by the global object that would own them. */
export const MISSING_STATICS: Record<string, string[]> = {
  Array: ["from", "of"],
  Object: ["freeze", "is"],
  Number: ["isInteger", "isSafeInteger", "isFinite", "isNaN", "parseInt", "parseFloat", "EPSILON", "MAX_SAFE_INTEGER", "MIN_SAFE_INTEGER"],
  Math: ["trunc", "imul", "hypot", "clz32", "cbrt", "log2", "log10", "fround"],
  String: ["raw"],
  Promise: ["race", "allSettled", "any"],
  console: ["time", "timeEnd", "assert"],
  ...Object.fromEntries(TYPED_ARRAYS.map((name) => [name, ["from", "of"]])),
};

const STATIC_ADVICE: Record<string, string> = {
  "Number.isInteger": "use Math.floor(x) === x", "Number.isFinite": "use the global isFinite", "Number.isNaN": "use x !== x",
  "Number.parseInt": "use the global parseInt", "Number.parseFloat": "use the global parseFloat",
  "Math.trunc": "use x < 0 ? Math.ceil(x) : Math.floor(x)", "Math.imul": "split into 16-bit halves",
  "Array.from": "copy with a loop", "Object.freeze": "drop it", "Promise.race": "resolve a shared Promise from each",
};

/**
 * Instance methods Espruino lacks, matched by method name on any object: a user method with one of
 * these names must be renamed.
 */
export const MISSING_METHODS = ["flat", "flatMap", "findLast", "findLastIndex", "reduceRight", "trimStart", "trimEnd",
  "codePointAt", "localeCompare"];

/**
 * Error classes an `instanceof` test cannot rely on: the interpreter's own TypeError, SyntaxError and
 * ReferenceError are not `instanceof Error`, and RangeError, EvalError, URIError are undefined.
 */
export const ERROR_CLASSES = ["Error", "TypeError", "SyntaxError", "ReferenceError", "RangeError", "EvalError",
  "URIError", "InternalError", "AggregateError"];

/** esbuild helpers that cannot work on Espruino, with the cause that makes esbuild emit them. */
export const BROKEN_HELPERS: Record<string, string> = {
  __toESM: "from `import * as X` or a default import of a module; use `import X = require(\"X\")` (its getters all read the last key)",
  __copyProps: "from `import * as X` or a default import; use `import X = require(\"X\")` (its getters all read the last key)",
  __toCommonJS: "the entry file exports something; `module` is undefined on Espruino",
  __require: "require shim of format iife/esm (uses Proxy); build with format cjs",
  __async: "async/await lowering (needs generators)",
  __await: "async generator lowering", __asyncGenerator: "async generator lowering", __yieldStar: "generator lowering",
  __forAwait: "for await lowering",
  __privateAdd: "#private lowering (uses WeakMap/WeakSet)", __privateGet: "#private lowering (uses WeakMap)",
  __privateSet: "#private lowering (uses WeakMap)", __privateMethod: "#private method lowering (uses WeakSet)",
  __privateIn: "#private brand check lowering (uses WeakMap)", __privateWrapper: "#private lowering (uses WeakMap)",
  __knownSymbol: "uses Symbol", __using: "`using` declarations (Symbol.dispose)", __callDispose: "`using` declarations (Symbol.dispose)",
  __decorateClass: "decorators (uses Symbol metadata)", __decorateElement: "decorators (uses Symbol metadata)",
};

export function checkApis(program: acorn.Program, scopes: ScopeAnalysis, report: Report): void {
  const isGlobal = (node: AnyNode): node is acorn.Identifier =>
    node.type === "Identifier" && scopes.referenceOf.get(node)?.binding === null;

  for (const ref of scopes.references) {
    const name = ref.id.name;
    if (ref.binding === null && MISSING_GLOBALS.includes(name)) {
      report(ref.id, "missing-global", `${name} is not defined on Espruino (use plain objects, arrays, typed arrays)`);
    }
    if (ref.binding === null && (name === "module" || name === "exports")) {
      report(ref.id, "module-exports", `${name} is undefined at the top of an Espruino file (the entry must not export anything)`);
    }
    if (Object.prototype.hasOwnProperty.call(BROKEN_HELPERS, name) && ref.read) {
      report(ref.id, "esbuild-helper", `esbuild helper ${name}: ${BROKEN_HELPERS[name]}`);
    }
    if (name === "arguments" && (ref.binding === null || ref.binding.kind === "arguments") && ref.scope.nearestFunction.arrow) {
      report(ref.id, "arguments-in-arrow", "arguments inside an arrow function is undefined on Espruino (use a function or named parameters)");
    }
  }

  walk.simple(program, {
    MemberExpression(node) {
      const property = staticPropertyName(node);
      if (property === undefined) return;
      if (isGlobal(node.object)) {
        const missing = MISSING_STATICS[node.object.name];
        if (missing && missing.includes(property)) {
          const full = `${node.object.name}.${property}`;
          const advice = STATIC_ADVICE[full];
          report(node, "missing-static", `${full} is not defined on Espruino${advice ? ` (${advice})` : ""}`);
        }
      }
      if (isGlobal(node.object) && (node.object.name === "globalThis" || node.object.name === "global") && MISSING_GLOBALS.includes(property)) {
        report(node, "missing-global", `${property} is not defined on Espruino (use plain objects, arrays, typed arrays)`);
      }
      if (node.object.type === "MemberExpression" && isGlobal(node.object.object) && node.object.object.name === "Array"
        && staticPropertyName(node.object) === "prototype") {
        report(node, "array-prototype", `Array.prototype.${property} is undefined on Espruino (call it on an instance: [].${property}.call(...))`);
      }
      if (property === "toString" && node.object.type === "MemberExpression" && isGlobal(node.object.object)
        && node.object.object.name === "Object" && staticPropertyName(node.object) === "prototype") {
        report(node, "object-tostring", "Object.prototype.toString gives no \"[object X]\" tag on Espruino (\"\" for an array): test with Array.isArray or typeof");
      }
    },
    BinaryExpression(node) {
      if (node.operator === "instanceof" && isGlobal(node.right) && ERROR_CLASSES.includes(node.right.name)) {
        report(node, "error-instanceof", `instanceof ${node.right.name} cannot be relied on on Espruino (the TypeError, SyntaxError `
          + "and ReferenceError it throws are not instanceof Error; RangeError is undefined): test e && e.message, or e.code");
      }
    },
    CallExpression(node) {
      checkCall(node, isGlobal, report);
    },
    NewExpression(node) {
      checkRegExpConstructor(node, isGlobal, report);
    },
  });
}

function checkCall(node: acorn.CallExpression, isGlobal: (n: AnyNode) => n is acorn.Identifier, report: Report): void {
  checkRegExpConstructor(node, isGlobal, report);
  if (node.callee.type !== "MemberExpression") return;
  const method = staticPropertyName(node.callee);
  if (method === "finally") {
    report(node.callee, "promise-finally", ".finally() is not defined on Espruino (call the handler from then and catch)");
  } else if (method !== undefined && MISSING_METHODS.includes(method)) {
    report(node.callee, "missing-method", `.${method}() is not defined on Espruino`);
  }
  const object = node.callee.object;
  if (isGlobal(object) && object.name === "JSON") {
    const [, second] = node.arguments;
    if (method === "parse" && second) {
      report(node, "json-callback", "JSON.parse reviver is silently ignored on Espruino");
    } else if (method === "stringify" && second && !isNullish(second)) {
      report(node, "json-callback", "JSON.stringify replacer is silently ignored on Espruino");
    }
  }
}

function checkRegExpConstructor(node: acorn.CallExpression | acorn.NewExpression, isGlobal: (n: AnyNode) => n is acorn.Identifier, report: Report): void {
  if (!isGlobal(node.callee) || node.callee.name !== "RegExp") return;
  const [pattern, flags] = node.arguments;
  if (!pattern || pattern.type !== "Literal" || typeof pattern.value !== "string") return;
  const flagText = flags && flags.type === "Literal" && typeof flags.value === "string" ? flags.value : "";
  for (const why of unsupportedRegexFeatures(pattern.value, flagText)) {
    report(node, "regex", `RegExp(${JSON.stringify(pattern.value)}): ${why} (Espruino silently fails; parse by hand)`);
  }
}

function isNullish(node: AnyNode): boolean {
  return (node.type === "Literal" && node.value === null)
    || (node.type === "Identifier" && node.name === "undefined")
    || (node.type === "UnaryExpression" && node.operator === "void");
}
