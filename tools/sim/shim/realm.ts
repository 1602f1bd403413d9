// Node only. The vm context a bundle runs in, and the bridge that builds values of that context
// from the host: everything the bundle can reach is a value of its own realm (its own Object,
// Array, Uint8Array, Error), so a host built-in (Array.prototype.at, Buffer, ...) never leaks in
// through a returned array or a thrown error.
import * as vm from "vm";

/**
 * Runs inside the context once: Espruino's event methods on Object.prototype (every Espruino object
 * has on/emit/removeListener/removeAllListeners), JSON without reviver/replacer, a Promise that
 * notices rejections nobody handles, the Pin class, and the wrapper that turns host
 * functions into functions of the context (host errors thrown through it become context Errors,
 * keeping `code`).
 */
const PRELUDE = `(function (pinOps) {
  "use strict";
  var LISTENERS = "__listeners";
  function listeners(obj, create) {
    var own = Object.prototype.hasOwnProperty.call(obj, LISTENERS) ? obj[LISTENERS] : undefined;
    if (!own && create) {
      own = {};
      Object.defineProperty(obj, LISTENERS, { value: own, enumerable: false, configurable: true, writable: true });
    }
    return own;
  }
  function define(target, name, fn) {
    Object.defineProperty(target, name, { value: fn, enumerable: false, configurable: true, writable: true });
  }
  define(Object.prototype, "on", function (event, fn) {
    var all = listeners(this, true);
    var key = String(event);
    if (!all[key]) all[key] = [];
    all[key].push(fn);
    return this;
  });
  define(Object.prototype, "emit", function (event) {
    var all = listeners(this, false);
    var list = all ? all[String(event)] : undefined;
    if (!list) return;
    var args = [];
    for (var i = 1; i < arguments.length; i++) args.push(arguments[i]);
    var copy = list.slice();
    for (var j = 0; j < copy.length; j++) copy[j].apply(this, args);
  });
  define(Object.prototype, "removeListener", function (event, fn) {
    var all = listeners(this, false);
    var list = all ? all[String(event)] : undefined;
    if (!list) return;
    var i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) delete all[String(event)];
  });
  define(Object.prototype, "removeAllListeners", function (event) {
    var all = listeners(this, false);
    if (!all) return;
    if (event === undefined) {
      for (var k in all) delete all[k];
    } else delete all[String(event)];
  });

  // Espruino silently ignores JSON's reviver and replacer
  var parse = JSON.parse, stringify = JSON.stringify;
  define(JSON, "parse", function (text) { return parse(text); });
  define(JSON, "stringify", function (v, replacer, indent) { return stringify(v, undefined, indent); });

  // Promise, tracked so that a rejection nobody handles is reported (Espruino: "Unhandled promise
  // rejection"): every promise the bundle makes is one of these (then() makes them by species).
  var NativePromise = Promise;
  var handled = new WeakSet();
  var unhandled = [];
  function noteRejected(p, reason) {
    if (!handled.has(p)) unhandled.push({ promise: p, reason: reason });
  }
  function isThenable(v) {
    return v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";
  }
  class EspruinoPromise extends NativePromise {
    constructor(executor) {
      var box = {};
      super(function (resolve, reject) { box.resolve = resolve; box.reject = reject; });
      var self = this;
      var settled = false;
      var reject = function (reason) {
        if (settled) return;
        settled = true;
        noteRejected(self, reason);
        box.reject(reason);
      };
      var resolve = function (value) {
        if (settled) return;
        settled = true;
        if (isThenable(value) && value !== self) {
          // adopting a promise that rejects makes this one reject: track that too
          NativePromise.prototype.then.call(NativePromise.resolve(value), undefined, function (reason) { noteRejected(self, reason); });
        }
        box.resolve(value);
      };
      try {
        executor(resolve, reject);
      } catch (e) {
        reject(e);
      }
    }
    then(onFulfilled, onRejected) {
      handled.add(this);
      return super.then(onFulfilled, onRejected);
    }
  }
  Object.defineProperty(globalThis, "Promise", { value: EspruinoPromise, writable: true, configurable: true, enumerable: false });
  function takeUnhandled() {
    var out = [];
    for (var i = 0; i < unhandled.length; i++) {
      var p = unhandled[i].promise;
      if (handled.has(p)) continue;
      out.push(unhandled[i].reason);
      // reported here: V8 need not report it to the host process as well
      NativePromise.prototype.then.call(p, undefined, function () {});
    }
    unhandled = [];
    return out;
  }

  function localError(e) {
    if (e instanceof Error) return e;
    if (e && typeof e === "object" && typeof e.message === "string") {
      var x = new Error(e.message);
      if (e.code !== undefined) x.code = e.code;
      return x;
    }
    return e;
  }
  function wrap(f) {
    return function () {
      try {
        return f.apply(this, arguments);
      } catch (e) {
        throw localError(e);
      }
    };
  }

  function Pin(n) {
    if (!(this instanceof Pin)) return new Pin(n);
    Object.defineProperty(this, "__pin", { value: pinOps.number(n), enumerable: false });
  }
  define(Pin.prototype, "read", wrap(function () { return pinOps.read(this) === 1; }));
  define(Pin.prototype, "write", wrap(function (v) { pinOps.write(this, v); }));
  define(Pin.prototype, "set", wrap(function () { pinOps.write(this, 1); }));
  define(Pin.prototype, "reset", wrap(function () { pinOps.write(this, 0); }));
  define(Pin.prototype, "toggle", wrap(function () { return pinOps.toggle(this); }));
  define(Pin.prototype, "mode", wrap(function (m) { pinOps.mode(this, m); }));
  define(Pin.prototype, "getMode", wrap(function () { return pinOps.getMode(this); }));
  define(Pin.prototype, "getInfo", function () { return { port: "D", num: this.__pin }; });
  define(Pin.prototype, "toString", function () { return "D" + this.__pin; });
  define(Pin.prototype, "toJSON", function () { return "D" + this.__pin; });

  return { wrap: wrap, Pin: Pin, takeUnhandled: takeUnhandled };
})`;

/** Pin operations the Pin class delegates to (host side). */
export interface PinOps {
  number(v: unknown): number;
  read(pin: unknown): number;
  write(pin: unknown, v: unknown): void;
  toggle(pin: unknown): boolean;
  mode(pin: unknown, mode: unknown): void;
  getMode(pin: unknown): string;
}

export class ContextRealm {
  readonly context: vm.Context;
  /** The context's globalThis. */
  readonly global: any;
  readonly Pin: any;
  private readonly wrapper: (f: Function) => Function;
  private readonly unhandled: () => unknown[];
  private readonly drainScript = new vm.Script("", { filename: "microtasks" });
  private readonly ctxJSON: { parse(s: string): any; stringify(v: unknown, r?: unknown, i?: unknown): string | undefined };

  constructor(pinOps: PinOps) {
    // afterEvaluate: the context keeps its own microtask queue, drained by drainMicrotasks(), so
    // promise jobs run right after the callback that queued them (before the next timer), as on Espruino.
    this.context = vm.createContext({}, {
      name: "espruino",
      microtaskMode: "afterEvaluate",
      codeGeneration: { strings: true, wasm: false },
    });
    this.global = vm.runInContext("globalThis", this.context);
    const prelude = vm.runInContext(PRELUDE, this.context, { filename: "espruino-prelude" });
    const made = prelude(pinOps);
    this.wrapper = made.wrap;
    this.Pin = made.Pin;
    this.unhandled = made.takeUnhandled;
    this.ctxJSON = this.global.JSON;
  }

  /** Compiles and runs source in the context (microtasks are drained after it). */
  run(source: string, filename: string): unknown {
    return new vm.Script(source, { filename }).runInContext(this.context);
  }

  /** Runs queued promise jobs; returns the reasons of promises rejected with no handler meanwhile. */
  drainMicrotasks(): unknown[] {
    this.drainScript.runInContext(this.context);
    return this.unhandled();
  }

  /** A context function that calls `f`; host errors thrown by `f` become context Errors. */
  fn(f: (...args: any[]) => unknown): Function {
    return this.wrapper(f);
  }

  /** A context object with the given methods (host functions, wrapped) and plain values. */
  object(members: { [name: string]: unknown }): any {
    const o = new this.global.Object();
    for (const k of Object.keys(members)) {
      const v = members[k];
      o[k] = typeof v === "function" ? this.fn(v as (...args: any[]) => unknown) : v;
    }
    return o;
  }

  /** A JSON-able host value rebuilt in the context. */
  value(v: unknown): any {
    if (v === undefined || v === null || typeof v !== "object") return v;
    return this.ctxJSON.parse(JSON.stringify(v));
  }

  /** A context value as host JSON (undefined if not JSON-able). */
  toHost(v: unknown): any {
    const s = this.ctxJSON.stringify(v);
    return s === undefined ? undefined : JSON.parse(s);
  }

  array(items: unknown[]): any {
    const a = new this.global.Array();
    for (let i = 0; i < items.length; i++) a.push(items[i]);
    return a;
  }

  bytes(data: ArrayLike<number>): any {
    const out = new this.global.Uint8Array(data.length);
    if (ArrayBuffer.isView(data)) out.set(data as Uint8Array);
    else for (let i = 0; i < data.length; i++) out[i] = data[i] as number;
    return out;
  }

  error(message: string, code?: string): any {
    const e = new this.global.Error(message);
    if (code !== undefined) e.code = code;
    return e;
  }

  isContextError(e: unknown): boolean {
    return e instanceof this.global.Error;
  }
}
