// Node only. Runs a built device bundle (dist/firmware.js, dist/bench.js) on a simulated board, the
// way a unit runs it: the bundle is installed in the unit's flash as `.bootcde` (as `npm run flash`
// does), and every boot loads it from there into a fresh Espruino shim, then emits E 'init'.
//
//   const unit = runBundle({ file: "dist/firmware.js", board, network });
//   await unit.advance(5000);               // 5 s of simulated time, real socket I/O in between
//   unit.evaluateJSON("CHARGER.status()");  // read what the firmware exposes
//   unit.powerCycle();                       // power cut: context, timers, sockets gone; flash kept
//   unit.console, unit.errors, unit.boots;   // every line and uncaught error, across boots
//   unit.stop();
//
// Time: everything runs on the board's SimClock. `advance(ms)` moves it in steps; between steps it
// lets real socket I/O settle (NetworkLink.settle: a few event-loop turns, then until no bytes have
// moved for a few real ms, with a cap). With no connection open it jumps from timer to timer
// without waiting; with connections open it steps `stepMs` (after traffic) or `idleStepMs`.
// A watchdog reset reboots the unit (flash kept), as the chip would.
import * as fs from "fs";
import { SimBoard } from "../../hal/sim/board";
import { EspruinoShim, EspruinoShimOptions, UncaughtError, createEspruinoShim } from "./espruino-shim";
import { NetworkLink } from "./network-link";
import { UnitPinMap } from "./shim/pin-wiring";

export const BOOT_FILE = ".bootcde";
export const DEFAULT_STEP_MS = 10;
export const DEFAULT_IDLE_STEP_MS = 50;

export interface RunBundleOptions {
  /** The built bundle, e.g. "dist/firmware.js". */
  file: string;
  board: SimBoard;
  /** The unit's pin map; default: unit.json in the board's flash, else the compiled-in default. */
  unit?: UnitPinMap;
  network?: NetworkLink;
  /** getTime() from the host clock (the on-device benchmark measures JS time). */
  realTime?: boolean;
  /** Also receives every console line. */
  echo?: (line: string) => void;
  /** Simulated ms per step while connections are open: right after traffic, and when quiet. */
  stepMs?: number;
  idleStepMs?: number;
  /** Reboot when the watchdog bites (default true). */
  rebootOnWatchdog?: boolean;
  /** Passed on to every shim (env, totalVars, wifiConnectMs, consoleLimit). */
  shim?: Pick<EspruinoShimOptions, "env" | "totalVars" | "wifiConnectMs" | "consoleLimit">;
}

export type BootReason = "start" | "power-cycle" | "watchdog";

export interface BootRecord {
  atMs: number;
  reason: BootReason;
  /** Size of the code found in flash (0: nothing to run, the unit sits at an empty prompt). */
  codeBytes: number;
}

export class BundleRunner {
  readonly board: SimBoard;
  readonly network: NetworkLink | undefined;
  /** Every console line of every boot. */
  readonly console: string[] = [];
  /** Every uncaught exception of every boot. */
  readonly errors: UncaughtError[] = [];
  readonly boots: BootRecord[] = [];
  private current: EspruinoShim | undefined;
  private stopped = false;
  private active = true;
  private readonly stopWatchdog: () => void;

  constructor(private readonly options: RunBundleOptions) {
    this.board = options.board;
    this.network = options.network;
    let code: string;
    try {
      code = fs.readFileSync(options.file, "latin1");
    } catch (e) {
      throw new Error("bundle runner: cannot read " + options.file + " (" + (e as Error).message + "); run `npm run build` first");
    }
    installCode(this.board, code);
    const self = this;
    this.stopWatchdog = this.board.watchdog.onReset(function () {
      if (self.options.rebootOnWatchdog !== false && !self.stopped) self.restart("watchdog");
    });
    this.boot("start");
  }

  /** The interpreter of the current boot. */
  get shim(): EspruinoShim {
    if (!this.current) throw new Error("bundle runner: stopped");
    return this.current;
  }

  /**
   * Moves simulated time forward by `ms`, firing timers and watches in order; real socket I/O
   * (e.g. a Central System on loopback) gets to run between steps.
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new Error("advance: expected ms >= 0, got " + ms);
    const clock = this.board.clock;
    const net = this.network;
    const target = clock.now() + ms;
    if (net) await this.settle();
    while (clock.now() < target && !this.stopped) {
      let next = target;
      const connected = !!net && net.openCount() > 0;
      if (connected) {
        next = Math.min(target, clock.now() + (this.active ? this.stepMs() : this.idleStepMs()));
      } else {
        const due = clock.nextTimerAt();
        if (due !== undefined) next = Math.min(target, Math.max(due, clock.now()));
      }
      const before = net ? net.lastActivityAt() : 0;
      clock.advanceTo(next);
      if (net && (net.openCount() > 0 || net.lastActivityAt() !== before)) {
        await net.settle();
        this.active = net.lastActivityAt() !== before;
      }
    }
  }

  /** Advances to an absolute simulated time (ms since the board's clock origin). */
  async advanceTo(timeMs: number): Promise<void> {
    const now = this.board.clock.now();
    if (timeMs < now) throw new Error("advanceTo: " + timeMs + " ms is in the past (now " + now + " ms)");
    await this.advance(timeMs - now);
  }

  /** Lets pending socket I/O land without moving simulated time. */
  async settle(): Promise<void> {
    if (!this.network) return;
    const before = this.network.lastActivityAt();
    await this.network.settle();
    if (this.network.lastActivityAt() !== before) this.active = true;
  }

  /** Power cut and back: the program, its timers and sockets go; the flash and the board stay. */
  powerCycle(): void {
    this.restart("power-cycle");
  }

  /** Evaluates an expression in the bundle's global scope. */
  evaluate(expr: string): unknown {
    return this.shim.evaluate(expr);
  }

  /** Evaluates an expression and returns its value as host JSON (undefined if not JSON-able). */
  evaluateJSON(expr: string): any {
    return this.shim.realm.toHost(this.shim.evaluate(expr));
  }

  /** A global of the bundle (e.g. "CHARGER"), or undefined. */
  global(name: string): unknown {
    return this.shim.global(name);
  }

  /** Stops the unit for good (no reboot on watchdog; timers, watches, sockets dropped). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopWatchdog();
    this.board.watchdog.disarm();
    if (this.current) this.current.dispose();
    this.current = undefined;
  }

  isStopped(): boolean {
    return this.stopped;
  }

  private stepMs(): number {
    return this.options.stepMs || DEFAULT_STEP_MS;
  }

  private idleStepMs(): number {
    return this.options.idleStepMs || DEFAULT_IDLE_STEP_MS;
  }

  private restart(reason: BootReason): void {
    if (this.stopped) throw new Error("bundle runner: stopped");
    if (this.current) this.current.dispose();
    this.current = undefined;
    this.board.watchdog.disarm();
    this.dropOutputs();
    if (reason === "power-cycle" || this.board.storage.isDead()) this.board.storage.powerCycle();
    this.boot(reason);
  }

  /** Without a running program the outputs fall low: contactor open, light off, reader in reset. */
  private dropOutputs(): void {
    const b = this.board;
    b.relay.coil.write(false);
    b.led.red.setDuty(0);
    b.led.green.setDuty(0);
    b.led.blue.setDuty(0);
    b.pilot.pwm.setDuty(0);
    b.readerReset.write(false);
  }

  private boot(reason: BootReason): void {
    const self = this;
    const o = this.options;
    const shimOptions: EspruinoShimOptions = Object.assign({}, o.shim || {}, {
      board: this.board,
      echo: function (line: string) {
        self.console.push(line);
        if (o.echo) o.echo(line);
      },
      onUncaught: function (u: UncaughtError) {
        self.errors.push(u);
      },
    });
    if (o.unit) shimOptions.unit = o.unit;
    if (o.network) shimOptions.network = o.network;
    if (o.realTime) shimOptions.realTime = true;
    const shim = createEspruinoShim(shimOptions);
    this.current = shim;
    this.active = true;
    const code = this.board.storage.read(BOOT_FILE);
    this.boots.push({ atMs: this.board.clock.now(), reason, codeBytes: code ? code.length : 0 });
    if (!code) return;
    // as Espruino: what the code registered before any exception still gets its 'init'
    shim.run(Buffer.from(code.buffer, code.byteOffset, code.length).toString("latin1"), o.file);
    shim.boot();
  }
}

/**
 * Puts the code in flash as .bootcde (unchanged code is not rewritten). Like an upload through
 * Storage.write on a unit, a full flash is compacted once before giving up.
 */
export function installCode(board: SimBoard, code: string): void {
  try {
    board.storage.write(BOOT_FILE, code);
    return;
  } catch (e) {
    if ((e as { code?: string }).code !== "FULL" || board.storage.getStats().trashBytes === 0) throw e;
  }
  board.storage.compact();
  board.storage.write(BOOT_FILE, code);
}

export function runBundle(options: RunBundleOptions): BundleRunner {
  return new BundleRunner(options);
}
