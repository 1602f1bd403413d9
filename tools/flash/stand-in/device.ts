// Node only. A stand-in for a unit on the end of `npm run flash`: an Espruino console (line
// discipline in espruino-console.ts) on a TCP port, running what it is sent in an interpreter whose
// Storage is a SimStorage (the unit's flash, which outlives reset(), load() and reconnections).
// Like a unit it boots `.bootcde` at power-on and on load() (then E.emit("init")), forgets RAM and
// the console password on reset()/load(), and writes the console to whichever client is connected
// (the last one to connect takes the console, as with Espruino's telnet server).
import * as net from "net";
import { SimStorage } from "../../../hal/sim/storage";
import { EspruinoConsole, LineResult } from "./espruino-console";

export interface DeviceEnvironment {
  storage: SimStorage;
  /** A console line printed by the code (print, console.log, Uncaught ... from timers). */
  print(line: string): void;
  /** reset(): takes effect when the current input has been handled, as on Espruino. */
  requestReset(): void;
  /** load() / load(file). */
  requestLoad(file?: string): void;
  env: { BOARD: string; VERSION: string };
}

/** One run of the interpreter, from power-on/reset/load to the next. */
export interface DeviceInterpreter {
  /** A REPL line at global scope: its value, or what it threw. */
  evaluate(code: string): unknown;
  /** Runs boot code (as .bootcde), then E.emit("init"); errors are printed as `Uncaught ...`. */
  boot(source: string, filename: string): void;
  /** E.setPassword's password, and whether E.lockConsole() was called. */
  consoleLock(): { password: string | undefined; locked: boolean };
  unlockConsole(): void;
  /** Lets `ms` of time pass for timers. */
  advance(ms: number): void;
  dispose(): void;
}

export type InterpreterFactory = (env: DeviceEnvironment) => DeviceInterpreter;

export interface StandInOptions {
  storage: SimStorage;
  createInterpreter: InterpreterFactory;
  board?: string;
  version?: string;
  /** Called when a client disconnects (to save the flash image between sessions). */
  onDisconnect?: () => void;
  /** Every byte sent to the console also goes here (for debugging a test). */
  trace?: (direction: "in" | "out", text: string) => void;
}

export const BOOT_FILE = ".bootcde";

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

export class StandInDevice {
  readonly storage: SimStorage;
  readonly env: { BOARD: string; VERSION: string };
  readonly console: EspruinoConsole;
  /** Times the interpreter started: power-on, reset(), load(). */
  boots = 0;
  private interpreter: DeviceInterpreter | undefined;
  private client: net.Socket | undefined;
  private pending: { kind: "reset" | "load" | "power"; file?: string } | undefined;
  private server: net.Server | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private lastTick = Date.now();

  constructor(private readonly options: StandInOptions) {
    this.storage = options.storage;
    this.env = { BOARD: options.board || "ESP32", VERSION: options.version || "2v29" };
    this.console = new EspruinoConsole({
      write: (text) => this.send(text),
      run: (code) => this.runLine(code),
      password: () => (this.interpreter ? this.interpreter.consoleLock().password : undefined),
      isLocked: () => !!this.interpreter && this.interpreter.consoleLock().locked,
      unlock: () => { if (this.interpreter) this.interpreter.unlockConsole(); },
    });
  }

  /** Power-on: boots .bootcde if there is one. */
  powerOn(): void {
    this.start(true, BOOT_FILE);
  }

  /** A reboot from inside the running code (the watchdog biting): done once the current work ends. */
  requestPowerCycle(): void {
    this.pending = { kind: "power" };
  }

  /** The interpreter of the current run (for tests: evaluate what the unit holds). */
  current(): DeviceInterpreter {
    if (!this.interpreter) throw new Error("stand-in device: not powered on");
    return this.interpreter;
  }

  /** Serves the console on host:port (port 0 = any free port); resolves with the bound port. */
  listen(port: number, host = "127.0.0.1"): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.attach(socket));
      server.once("error", reject);
      server.listen(port, host, () => {
        this.server = server;
        this.lastTick = Date.now();
        this.ticker = setInterval(() => this.tick(), 20);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.client) this.client.destroy();
    this.client = undefined;
    if (this.interpreter) this.interpreter.dispose();
    this.interpreter = undefined;
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Feeds console input as if it came from the connected terminal (tests without a socket). */
  input(text: string): void {
    this.trace("in", text);
    this.console.receive(text);
    this.afterInput();
  }

  private attach(socket: net.Socket): void {
    if (this.client) this.client.destroy(); // the newest connection takes the console
    this.client = socket;
    socket.setNoDelay(true);
    socket.on("data", (d: Buffer) => {
      if (this.client === socket) this.input(d.toString("latin1"));
    });
    socket.on("close", () => {
      if (this.client === socket) this.client = undefined;
      if (this.options.onDisconnect) this.options.onDisconnect();
    });
    socket.on("error", () => undefined);
  }

  private send(text: string): void {
    this.trace("out", text);
    if (this.client && !this.client.destroyed) this.client.write(Buffer.from(text, "latin1"));
  }

  private trace(direction: "in" | "out", text: string): void {
    if (this.options.trace) this.options.trace(direction, text);
  }

  private runLine(code: string): LineResult {
    if (!this.interpreter) return { threw: true, error: new Error("not powered on") };
    try {
      const value = this.interpreter.evaluate(code);
      return { value, threw: false };
    } catch (e) {
      return { error: e, threw: true };
    }
  }

  private afterInput(): void {
    const todo = this.pending;
    this.pending = undefined;
    if (todo && todo.kind === "power" && this.client) this.client.destroy(); // a reboot drops a telnet connection
    if (todo) this.start(todo.kind !== "reset", todo.file || BOOT_FILE);
    this.console.idle();
  }

  /** Lets `ms` of the unit's time pass (listen() does this with real time; tests call it directly). */
  advance(ms: number): void {
    if (!this.interpreter || !(ms > 0)) return;
    this.interpreter.advance(ms);
    if (this.pending) this.afterInput();
  }

  private tick(): void {
    const now = Date.now();
    const ms = now - this.lastTick;
    this.lastTick = now;
    this.advance(ms);
  }

  /** A fresh interpreter (RAM and console password forgotten); with boot, runs `file` then init. */
  private start(boot: boolean, file: string): void {
    if (this.interpreter) this.interpreter.dispose();
    this.boots++;
    const self = this;
    this.interpreter = this.options.createInterpreter({
      storage: this.storage,
      env: this.env,
      print: function (line) { self.console.printLine(line); },
      requestReset: function () { self.pending = { kind: "reset" }; },
      requestLoad: function (f) { self.pending = { kind: "load", file: f }; },
    });
    this.console.restarted();
    if (boot) {
      const bytes = this.storage.read(file);
      if (bytes) this.interpreter.boot(latin1(bytes), file);
    } else {
      this.send("\r\n Espruino stand-in device (tools/flash/stand-in-device.ts)\r\n " + this.env.VERSION + " " + this.env.BOARD + "\r\n\r\n");
    }
  }
}
