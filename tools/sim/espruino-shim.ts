// Node only. An Espruino interpreter's environment, as a Node `vm` context whose globals are
// backed by a simulated board (hal/sim/board.ts) and real sockets (tools/sim/network-link.ts), so
// the built device bundle itself runs in Node.
//
//   const shim = createEspruinoShim({ board, network });      // unit: from unit.json, else the default
//   shim.run(fs.readFileSync("dist/firmware.js", "latin1"), "dist/firmware.js");
//   shim.boot();                                              // E.emit("init"), then onInit()
//   board.clock.advance(1000);                                // timers and watches run on sim time
//   shim.consoleLines; shim.uncaught; shim.pinAccesses; shim.dispose();
//
// The context holds ONLY what Espruino has (tools/sim/shim/espruino-globals.ts lists it):
// - standard built-ins minus what Espruino lacks (no Map/Set/Symbol/Proxy/Reflect/BigInt/Intl,
//   no Array.from, Object.freeze, Number.isInteger, Math.trunc, Promise.prototype.finally...);
//   Promise stays (then/catch/resolve/reject/all); JSON ignores reviver/replacer;
//   Object.prototype has Espruino's on/emit/removeListener/removeAllListeners;
// - pins D0..D39 (Pin objects: read/write/set/reset/toggle/mode/getMode), HIGH, LOW, Pin,
//   digitalWrite/digitalRead/pinMode/getPinMode/analogWrite/analogRead, setWatch/clearWatch
//   (callback gets {state, time, lastTime} in seconds), getTime() (seconds, sim clock),
//   setTimeout/setInterval/clearTimeout/clearInterval/changeInterval (numeric ids, on the sim clock),
//   SPI1 (setup/send/write), E (on/emit, getSizeOf, enableWatchdog/kickWatchdog -> SimWatchdog,
//   setPassword/lockConsole recorded, CRC32, toArrayBuffer/toUint8Array/toString), process (memory(), env,
//   version), console.log and print (captured lines), global/globalThis;
// - require("Storage" | "net" | "tls" | "Wifi"); any other module throws 'Module X not found'.
//
// Pins are routed by the unit's pin map (tools/sim/shim/pin-wiring.ts): SPI1 with the reader's
// chip select -> the board's reader bus, readerReset -> board.readerReset, led.* analogWrite ->
// SimRgbLed channels, relay -> coil, relayFeedback -> feedback contact (read + setWatch), pilot.pwm
// -> SimPilot PWM, pilot.sense analogRead -> SimPilot sense, meter.pin setWatch -> S0 pulses.
// A use of a pin that reaches nothing is harmless and recorded in `pinAccesses`. As on Espruino,
// reading an output whose mode was not fixed with pinMode turns it into an input (the line falls:
// a contactor drops); that is recorded too.
//
// Everything the bundle runs from outside (timers, watches, socket events, E 'init') goes through
// `invoke`: an exception is reported as Espruino does ("Uncaught Error: ..." on the console, and in
// `uncaught`), never thrown into Node; promise jobs queued by a callback run right after it, and a
// promise rejected with no handler is reported as "Unhandled promise rejection".
//
// Not modelled (V8 semantics, or an estimate, under the shim; the Espruino gate and a real
// interpreter catch these): function hoisting and per-iteration `let` (V8's are standard), the
// limited regex engine, inherited statics, Error quirks (e.name, instanceof), number formatting and
// JSON's ~12 digits, Array.prototype.x being undefined, Number.EPSILON/MAX_SAFE_INTEGER (V8 cannot
// delete them); JsVar memory (process.memory() and E.getSizeOf are estimates that cannot see
// closures); CPU time (simulated time does not advance while JS runs); Storage.open (StorageFile),
// Storage.hash; socket error codes (-1 unreachable/offline, -2 anything else) and connect timeouts
// (failures are immediate); Wi-Fi association failures; I2C, Serial, other SPI ports; Espruino's own
// promise scheduling (V8's jobs run right after each callback instead).
import { performance } from "perf_hooks";
import { SimBoard } from "../../hal/sim/board";
import { DEFAULT_UNIT_CONFIG } from "../../firmware/config/default-unit";
import { loadUnitConfig } from "../../firmware/config/unit-file";
import { crc32 } from "../../firmware/persist/crc32";
import { NetworkLink } from "./network-link";
import { PIN_COUNT, hardenGlobals, pinGlobalNames } from "./shim/espruino-globals";
import { estimateJsVars, propertyJsVars } from "./shim/jsvar-estimate";
import { NetModule } from "./shim/net-module";
import { PinAccess, PinWiring, UnitPinMap, pinIndex } from "./shim/pin-wiring";
import { ContextRealm, PinOps } from "./shim/realm";
import { SpiModule, SpiSetupRecord, toBytes } from "./shim/spi-module";
import { StorageModule } from "./shim/storage-module";
import { EspruinoTimers } from "./shim/timers";
import { EspruinoWatches, parseWatchOptions } from "./shim/watches";
import { WIFI_CONNECT_MS, WifiModule } from "./shim/wifi-module";

export interface EspruinoShimOptions {
  board: SimBoard;
  /** The unit's pin map; default: unit.json in the board's flash if valid, else DEFAULT_UNIT_CONFIG. */
  unit?: UnitPinMap;
  /** Sockets for require("net"/"tls"); without one every connect fails. */
  network?: NetworkLink;
  /** getTime() from the host's clock instead of the sim clock (for the on-device benchmark). */
  realTime?: boolean;
  /** Also receives every console line (e.g. to print it). */
  echo?: (line: string) => void;
  env?: { VERSION?: string; BOARD?: string; MODULES?: string };
  /** JsVars of the simulated interpreter (process.memory().total). Default 16383 (ESP32). */
  totalVars?: number;
  wifiConnectMs?: number;
  /** Console lines kept (oldest dropped first). Default 10000. */
  consoleLimit?: number;
  /** Also receives every uncaught exception. */
  onUncaught?: (u: UncaughtError) => void;
}

export interface UncaughtError {
  /** As Espruino prints it: "Uncaught Error: ...". */
  line: string;
  stack?: string;
  /** What ran the code: "load", "init", "timer", "watch", "socket", "wifi", "promise", ... */
  where: string;
  atMs: number;
}

export interface ConsoleLock {
  password: string | undefined;
  locked: boolean;
}

export const SHIM_ENV = { VERSION: "2v29", BOARD: "ESP32", MODULES: "Storage,net,tls,Wifi" };
export const DEFAULT_TOTAL_VARS = 16383;
export const JSVAR_BLOCK_BYTES = 16;
/** JsVars in use on an idle interpreter before any user code (estimate for process.memory()). */
export const BASE_USAGE_VARS = 300;

export class EspruinoShim {
  readonly board: SimBoard;
  readonly unit: UnitPinMap;
  readonly realm: ContextRealm;
  readonly consoleLines: string[] = [];
  readonly uncaught: UncaughtError[] = [];
  readonly consoleLock: ConsoleLock = { password: undefined, locked: false };
  readonly wiring: PinWiring;
  readonly spi: SpiModule;
  readonly storage: StorageModule;
  readonly wifi: WifiModule;
  /** PWM frequency last asked for, by pin name. */
  readonly pwmFrequency: { [pin: string]: number } = {};
  /** E.enableWatchdog: auto = Espruino kicks it from its idle loop. */
  watchdog: { enabled: boolean; auto: boolean; timeoutS: number } = { enabled: false, auto: false, timeoutS: 0 };
  private readonly timers: EspruinoTimers;
  private readonly watches: EspruinoWatches;
  private readonly net: NetModule;
  private readonly modules: { [name: string]: any } = {};
  private readonly options: EspruinoShimOptions;
  private readonly t0 = performance.now();
  private depth = 0;
  private autoKick: (() => void) | undefined;
  private disposed = false;
  private consoleDropped = 0;

  constructor(options: EspruinoShimOptions) {
    this.options = options;
    this.board = options.board;
    this.unit = options.unit || loadUnitConfig(options.board.storage, DEFAULT_UNIT_CONFIG).config;
    this.wiring = new PinWiring(this.board, this.unit);
    const self = this;
    const pinOf = function (v: unknown): number {
      return self.pinOf(v);
    };
    const pinOps: PinOps = {
      number: pinOf,
      read: function (p) { return self.wiring.digitalRead(pinOf(p)) ? 1 : 0; },
      write: function (p, v) { self.wiring.digitalWrite(pinOf(p), !!v); },
      toggle: function (p) {
        const n = pinOf(p);
        const next = !self.wiring.level(n);
        self.wiring.digitalWrite(n, next);
        return next;
      },
      mode: function (p, m) { self.wiring.setMode(pinOf(p), m === undefined ? "input" : String(m), false); },
      getMode: function (p) { return self.wiring.getMode(pinOf(p)); },
    };
    this.realm = new ContextRealm(pinOps);
    hardenGlobals(this.realm.global);
    const clock = this.board.clock;
    this.timers = new EspruinoTimers(clock, function (fn) { self.invoke(fn, "timer"); });
    this.watches = new EspruinoWatches(clock, function (fn) { self.invoke(fn, "watch"); });
    this.net = new NetModule(this.realm, options.network, function (fn) { self.invoke(fn, "socket"); });
    this.spi = new SpiModule(this.realm, this.wiring, this.board, pinOf);
    this.storage = new StorageModule(this.realm, this.board.storage);
    this.wifi = new WifiModule(this.realm, clock, function (fn) { self.invoke(fn, "wifi"); },
      options.wifiConnectMs !== undefined ? options.wifiConnectMs : WIFI_CONNECT_MS);
    this.defineGlobals();
  }

  /** Loads source (as Espruino loads .bootcde); false if it threw (reported as uncaught). */
  run(source: string, filename: string): boolean {
    let ok = true;
    this.invoke(() => {
      try {
        this.realm.run(source, filename);
      } catch (e) {
        ok = false;
        throw e;
      }
    }, "load");
    return ok;
  }

  /** What Espruino does once the saved code is loaded: E.emit('init'), then onInit() if defined. */
  boot(): void {
    const g = this.realm.global;
    this.invoke(function () { g.E.emit("init"); }, "init");
    this.invoke(function () { if (typeof g.onInit === "function") g.onInit(); }, "init");
  }

  /** Emits an event on E (e.g. "kill"), as Espruino does. */
  emit(event: string): void {
    const g = this.realm.global;
    this.invoke(function () { g.E.emit(event); }, event);
  }

  /** Evaluates an expression in the bundle's global scope (errors are thrown to the caller). */
  evaluate(expr: string): unknown {
    return this.realm.run(expr, "evaluate");
  }

  /** A global of the bundle (e.g. "CHARGER"), or undefined. */
  global(name: string): unknown {
    return this.realm.global[name];
  }

  /**
   * Runs bundle code from outside (a timer, a pin edge, a socket event): what it throws is
   * reported like Espruino's "Uncaught ..." and its promise jobs run right after it.
   */
  invoke(fn: () => void, where: string): void {
    if (this.disposed) return;
    this.depth++;
    try {
      fn();
    } catch (e) {
      this.reportUncaught(e, where);
    } finally {
      this.depth--;
      if (this.depth === 0 && !this.disposed) {
        let unhandled: unknown[] = [];
        try {
          unhandled = this.realm.drainMicrotasks();
        } catch (e) {
          this.reportUncaught(e, "promise");
        }
        for (const reason of unhandled) this.reportUnhandledRejection(reason);
      }
    }
  }

  /** Reports an exception nobody caught, as Espruino prints it. */
  reportUncaught(e: unknown, where: string): void {
    const line = "Uncaught " + describeThrown(e);
    const rec: UncaughtError = { line, where, atMs: this.board.clock.now() };
    const stack = e && typeof e === "object" && typeof (e as any).stack === "string" ? (e as any).stack as string : undefined;
    if (stack) rec.stack = stack;
    this.uncaught.push(rec);
    this.print(line);
    if (this.options.onUncaught) this.options.onUncaught(rec);
  }

  /** Espruino: a rejected promise with no handler is an error, "Unhandled promise rejection: ...". */
  reportUnhandledRejection(reason: unknown): void {
    this.reportUncaught({ name: "Error", message: "Unhandled promise rejection: " + describeThrown(reason),
      stack: reason && typeof reason === "object" ? (reason as any).stack : undefined }, "promise");
  }

  /** Uses of pins that reached no simulated part. */
  get pinAccesses(): PinAccess[] {
    return this.wiring.accesses;
  }

  get spiSetup(): SpiSetupRecord | undefined {
    return this.spi.setupRecord;
  }

  /** Live timers, watches and sockets of this interpreter. */
  counts(): { timers: number; watches: number; sockets: number } {
    return { timers: this.timers.count(), watches: this.watches.count(), sockets: this.net.openCount() };
  }

  /** Console lines dropped because of consoleLimit. */
  get consoleDroppedLines(): number {
    return this.consoleDropped;
  }

  isDisposed(): boolean {
    return this.disposed;
  }

  /** The interpreter stops: timers, watches and sockets go, nothing more runs in this context. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopAutoKick();
    this.timers.clearAll();
    this.watches.clearAll();
    this.net.dispose();
    this.wifi.dispose();
  }

  /** process.memory() under the shim: an estimate (see tools/sim/shim/jsvar-estimate.ts). */
  memory(): { free: number; usage: number; total: number; history: number; gc: number; gctime: number; blocksize: number } {
    const total = this.options.totalVars || DEFAULT_TOTAL_VARS;
    const g = this.realm.global;
    const seen = new Set<unknown>();
    for (const name of Object.getOwnPropertyNames(g)) {
      const d = Object.getOwnPropertyDescriptor(g, name);
      if (d && !d.enumerable) seen.add(d.value); // built-ins and the shim's own objects
    }
    let usage = BASE_USAGE_VARS;
    for (const name of Object.keys(g)) usage += propertyJsVars(g[name], seen);
    const c = this.counts();
    usage += 4 * (c.timers + c.watches) + 8 * c.sockets;
    usage = Math.min(usage, total);
    return { free: total - usage, usage, total, history: 0, gc: 0, gctime: 0, blocksize: JSVAR_BLOCK_BYTES };
  }

  private stopAutoKick(): void {
    if (this.autoKick) this.autoKick();
    this.autoKick = undefined;
  }

  private print(line: string): void {
    this.consoleLines.push(line);
    const limit = this.options.consoleLimit || 10000;
    if (this.consoleLines.length > limit) {
      this.consoleLines.shift();
      this.consoleDropped++;
    }
    if (this.options.echo) this.options.echo(line);
  }

  private pinOf(v: unknown): number {
    if (v !== null && typeof v === "object" && typeof (v as any).__pin === "number") return (v as any).__pin;
    if (typeof v === "number" && Math.floor(v) === v && v >= 0 && v < PIN_COUNT) return v;
    if (typeof v === "string" && pinIndex(v) >= 0) return pinIndex(v);
    const e: any = new Error("Invalid pin: " + String(v));
    e.code = "PIN";
    throw e;
  }

  private now(): number {
    return this.options.realTime ? performance.now() - this.t0 : this.board.clock.now();
  }

  private defineGlobals(): void {
    const self = this;
    const realm = this.realm;
    const g = realm.global;
    const board = this.board;
    const wiring = this.wiring;
    const pinOf = function (v: unknown): number { return self.pinOf(v); };
    const define = function (name: string, value: unknown) {
      Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
    };
    const fn = function (name: string, f: (...args: any[]) => unknown) {
      define(name, realm.fn(f));
    };
    const callable = function (f: unknown, what: string): (...args: any[]) => void {
      if (typeof f === "function") return f as (...args: any[]) => void;
      if (typeof f === "string") return function () { realm.run(f, what); };
      throw realm.error(what + ": expected a function", "ARGS");
    };
    const print = function () {
      self.print(Array.prototype.map.call(arguments, (a: unknown) => formatForConsole(realm, a)).join(" "));
    };

    define("global", g);
    define("HIGH", 1);
    define("LOW", 0);
    define("Pin", realm.Pin);
    for (const name of pinGlobalNames()) define(name, new realm.Pin(pinIndex(name)));
    fn("print", print);
    define("console", realm.object({ log: print }));

    fn("digitalWrite", function (pin: unknown, value: unknown) { wiring.digitalWrite(pinOf(pin), !!value); });
    fn("digitalRead", function (pin: unknown) { return wiring.digitalRead(pinOf(pin)) ? 1 : 0; });
    fn("pinMode", function (pin: unknown, mode: unknown, automatic?: unknown) {
      const auto = mode === undefined || mode === "auto";
      wiring.setMode(pinOf(pin), auto ? "input" : String(mode), auto || !!automatic);
    });
    fn("getPinMode", function (pin: unknown) { return wiring.getMode(pinOf(pin)); });
    fn("analogWrite", function (pin: unknown, value: unknown, options?: any) {
      const n = pinOf(pin);
      if (options && options.freq !== undefined) self.pwmFrequency["D" + n] = Number(options.freq);
      wiring.analogWrite(n, Number(value));
    });
    fn("analogRead", function (pin: unknown) { return wiring.analogRead(pinOf(pin)); });
    fn("setWatch", function (callback: unknown, pin: unknown, options?: unknown) {
      const n = pinOf(pin);
      const f = callable(callback, "setWatch");
      const opts = parseWatchOptions(options);
      const initial = wiring.level(n);
      return self.watches.add(function (onChange) { return wiring.watch(n, onChange); }, initial, opts, function (e) {
        f.call(undefined, realm.value({ state: e.state, time: e.timeMs / 1000, lastTime: e.lastTimeMs / 1000 }));
      });
    });
    fn("clearWatch", function (id?: unknown) { self.watches.clear(id); });
    fn("getTime", function () { return self.now() / 1000; });
    const timer = function (interval: boolean) {
      return function (callback: unknown, ms?: unknown) {
        const f = callable(callback, interval ? "setInterval" : "setTimeout");
        const extra = Array.prototype.slice.call(arguments, 2);
        return self.timers.set(function () { f.apply(undefined, extra); }, ms, interval);
      };
    };
    fn("setTimeout", timer(false));
    fn("setInterval", timer(true));
    fn("clearTimeout", function (id?: unknown) { self.timers.clear(arguments.length === 0 ? undefined : id, "Timeout"); });
    fn("clearInterval", function (id?: unknown) { self.timers.clear(arguments.length === 0 ? undefined : id, "Interval"); });
    fn("changeInterval", function (id: unknown, ms: unknown) { self.timers.change(id, ms); });
    // Espruino's atob/btoa work on 8-bit strings (the espruino CLI uploads data files with atob).
    fn("atob", function (s: unknown) { return Buffer.from(String(s), "base64").toString("latin1"); });
    fn("btoa", function (s: unknown) { return Buffer.from(String(s), "latin1").toString("base64"); });

    define("SPI1", this.spi.build());

    define("E", realm.object({
      getSizeOf: function (v: unknown, depth?: unknown) {
        if (Number(depth) > 0 && v !== null && typeof v === "object") {
          const out: { name: string; size: number }[] = [];
          for (const k of Object.keys(v as object)) out.push({ name: k, size: propertyJsVars((v as any)[k], new Set()) });
          return realm.value(out);
        }
        return estimateJsVars(v, new Set());
      },
      enableWatchdog: function (timeout: unknown, isAuto?: unknown) {
        const s = Number(timeout);
        self.watchdog = { enabled: true, auto: isAuto === undefined || !!isAuto, timeoutS: s };
        board.watchdog.enable(s * 1000);
        self.stopAutoKick();
        // automatic: Espruino's idle loop kicks it, whatever the program does
        if (self.watchdog.auto) self.autoKick = board.clock.every(Math.max(1, s * 500), function () { board.watchdog.kick(); });
      },
      kickWatchdog: function () { board.watchdog.kick(); },
      setPassword: function (password: unknown) {
        self.consoleLock.password = password === undefined ? undefined : String(password);
      },
      lockConsole: function () {
        if (self.consoleLock.password !== undefined) self.consoleLock.locked = true;
      },
      CRC32: function (data: unknown) {
        const bytes = toBytes(data);
        return crc32(bytes, 0, bytes.length, 0);
      },
      toArrayBuffer: function (s: unknown) { return realm.bytes(toBytes(String(s))).buffer; },
      toUint8Array: function () { return realm.bytes(toBytes(Array.prototype.slice.call(arguments))); },
      toString: function () { return Buffer.from(toBytes(Array.prototype.slice.call(arguments))).toString("latin1"); },
    }));

    const env = Object.assign({}, SHIM_ENV, this.options.env || {});
    define("process", realm.object({
      memory: function () { return realm.value(self.memory()); },
      env: realm.value(env),
      version: env.VERSION,
    }));

    fn("require", function (name: unknown) {
      const n = String(name);
      if (self.modules[n]) return self.modules[n];
      let m: any;
      if (n === "Storage") m = self.storage.build();
      else if (n === "net") m = self.net.build(false);
      else if (n === "tls") m = self.net.build(true);
      else if (n === "Wifi") m = self.wifi.build();
      else throw realm.error("Module " + n + " not found", "MODULE");
      self.modules[n] = m;
      return m;
    });
  }
}

export function createEspruinoShim(options: EspruinoShimOptions): EspruinoShim {
  return new EspruinoShim(options);
}

/** "Error: message" for errors, JSON for other thrown values (as Espruino's "Uncaught ..." line). */
export function describeThrown(e: unknown): string {
  if (e && typeof e === "object" && typeof (e as any).message === "string") {
    const name = typeof (e as any).name === "string" && (e as any).name ? (e as any).name : "Error";
    return name + ": " + (e as any).message;
  }
  if (typeof e === "string") return JSON.stringify(e);
  return String(e);
}

function formatForConsole(realm: ContextRealm, v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined || v === null || typeof v !== "object" || v instanceof realm.Pin) return String(v);
  try {
    const s = realm.global.JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    return String(v);
  }
}
