// Node only. What a fresh vm context has that Espruino lacks, taken away so a bundle that uses it
// fails under the shim as it would on a device (../shared/reference/espruino.md section 4; the same
// lists as the gate's tools/gate/api-rules.ts, plus members the reference found missing).

/** Globals of a V8 context that Espruino does not define (deleted: using one is a ReferenceError). */
export const REMOVED_GLOBALS = [
  "Symbol", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Proxy", "Reflect", "BigInt",
  "BigInt64Array", "BigUint64Array", "SharedArrayBuffer", "Atomics", "WebAssembly", "Intl",
  "AggregateError", "EvalError", "RangeError", "URIError",
  "decodeURI", "encodeURI", "escape", "unescape",
  // V8's own console is replaced by the shim's (console.log only)
  "console",
];

/**
 * Built-in members Espruino lacks, by owner (as reached from the context's globals). Not removable
 * (non-configurable in V8), so still present: Number.EPSILON, MAX_SAFE_INTEGER, MIN_SAFE_INTEGER.
 */
export const REMOVED_MEMBERS: { [owner: string]: string[] } = {
  "Array": ["from", "of"],
  "Array.prototype": ["at", "flat", "flatMap", "findLast", "findLastIndex", "lastIndexOf", "reduceRight", "keys", "values",
    "entries", "copyWithin", "toReversed", "toSorted", "toSpliced", "with"],
  "Object": ["freeze", "isFrozen", "seal", "isSealed", "preventExtensions", "is", "getOwnPropertySymbols", "hasOwn", "groupBy"],
  "Number": ["isInteger", "isSafeInteger", "isFinite", "isNaN", "parseInt", "parseFloat"],
  "Math": ["trunc", "imul", "hypot", "clz32", "cbrt", "log2", "log10", "fround", "expm1", "log1p", "sinh", "cosh", "tanh",
    "asinh", "acosh", "atanh"],
  "String": ["raw", "fromCodePoint"],
  "String.prototype": ["at", "codePointAt", "localeCompare", "normalize", "matchAll", "trimStart", "trimEnd", "trimLeft",
    "trimRight", "isWellFormed", "toWellFormed"],
  "Promise": ["race", "allSettled", "any", "withResolvers"],
  "Promise.prototype": ["finally"],
  "ArrayBuffer": ["isView"],
  "ArrayBuffer.prototype": ["slice", "resize", "transfer", "transferToFixedLength"],
  // %TypedArray%, the shared parent of Uint8Array and the others
  "TypedArray": ["from", "of"],
  "TypedArray.prototype": ["at", "findLast", "findLastIndex", "toReversed", "toSorted", "with"],
};

/** The Espruino-defined globals the shim adds (besides the D0..D39 pins). */
export const SHIM_ADDED_GLOBALS = [
  "global", "console", "print", "process", "require", "E", "Pin", "SPI1", "HIGH", "LOW",
  "digitalWrite", "digitalRead", "pinMode", "getPinMode", "analogWrite", "analogRead", "setWatch", "clearWatch",
  "getTime", "setTimeout", "setInterval", "clearTimeout", "clearInterval", "changeInterval", "atob", "btoa",
];

/** Standard built-ins kept (Espruino has all of them). */
export const KEPT_BUILTINS = [
  "Object", "Function", "Array", "Number", "parseFloat", "parseInt", "Infinity", "NaN", "undefined", "Boolean", "String",
  "Date", "Promise", "RegExp", "Error", "ReferenceError", "SyntaxError", "TypeError", "globalThis", "JSON", "Math",
  "ArrayBuffer", "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array",
  "Float64Array", "Uint8ClampedArray", "DataView", "decodeURIComponent", "encodeURIComponent", "eval", "isFinite", "isNaN",
];

export const PIN_COUNT = 40;

export function pinGlobalNames(): string[] {
  const out: string[] = [];
  for (let i = 0; i < PIN_COUNT; i++) out.push("D" + i);
  return out;
}

/** Every own property name of the shim context's global object, sorted. */
export function shimGlobalNames(): string[] {
  return KEPT_BUILTINS.concat(SHIM_ADDED_GLOBALS, pinGlobalNames()).sort();
}

function owner(global: any, path: string): any {
  if (path === "TypedArray") return Object.getPrototypeOf(global.Uint8Array);
  if (path === "TypedArray.prototype") return Object.getPrototypeOf(global.Uint8Array.prototype);
  let o = global;
  for (const part of path.split(".")) o = o[part];
  return o;
}

/**
 * Removes from the context's global object everything Espruino lacks: every global that is not a
 * kept built-in goes (REMOVED_GLOBALS names those of Node 20; a newer Node's additions go too),
 * then the members in REMOVED_MEMBERS.
 */
export function hardenGlobals(global: any): void {
  for (const name of Object.getOwnPropertyNames(global)) {
    if (KEPT_BUILTINS.indexOf(name) >= 0) continue;
    if (!Reflect.deleteProperty(global, name)) throw new Error("espruino shim: cannot remove the global " + name);
  }
  for (const path of Object.keys(REMOVED_MEMBERS)) {
    const o = owner(global, path);
    for (const name of REMOVED_MEMBERS[path] as string[]) {
      // from the owner and whatever it inherits it from (the shim's Promise extends V8's)
      for (let at = o; at && name in at; at = Object.getPrototypeOf(at)) {
        if (!Reflect.deleteProperty(at, name)) throw new Error("espruino shim: cannot remove " + path + "." + name);
      }
    }
  }
}
