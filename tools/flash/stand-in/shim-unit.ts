// Node only. The stand-in device's interpreter: the Espruino shim (tools/sim/espruino-shim.ts) on a
// simulated ESP32 board whose flash is the device's SimStorage. Each power-on, reset() or load()
// gets a fresh shim (RAM, timers and the console password gone; the flash and the board stay).
// Added here, as a unit has them: reset() and load() at the REPL, atob/btoa, Storage.write throwing
// "Unable to find or create file" when there is no room (Espruino's jsfWriteFile), and the
// watchdog's automatic mode surviving reset()/load() (JSIS_WATCHDOG_AUTO is kept on soft init).
import { SimBoard } from "../../../hal/sim/board";
import { SimStorage } from "../../../hal/sim/storage";
import { EspruinoShim, createEspruinoShim } from "../../sim/espruino-shim";
import type { DeviceEnvironment, DeviceInterpreter } from "./device";

/** Espruino's jsfWriteFile error when Storage has no room even after compacting. */
const NO_ROOM = "Unable to find or create file";

const DEVICE_GLOBALS = `(function (S, g, reset, load, atob, btoa) {
  if (typeof g.atob !== "function") g.atob = atob;
  if (typeof g.btoa !== "function") g.btoa = btoa;
  var write = S.write;
  S.write = function (name, data, offset, size) {
    if (write.call(S, name, data, offset, size) === false) throw new Error(${JSON.stringify(NO_ROOM)});
    return true;
  };
  g.reset = function () { reset(); };
  g.load = function (f) { load(f); };
})`;

/** Espruino's atob/btoa work on 8-bit strings (the CLI uploads data files with atob). */
function atob(s: unknown): string {
  return Buffer.from(String(s), "base64").toString("latin1");
}

function btoa(s: unknown): string {
  return Buffer.from(String(s), "latin1").toString("base64");
}

export class ShimUnit {
  readonly board: SimBoard;
  /** Reboots the watchdog caused (the unit stopped kicking it). */
  watchdogResets = 0;
  private carriedAutoKick: (() => void) | undefined;
  private current: EspruinoShim | undefined;
  private onWatchdogReset: (() => void) | undefined;

  constructor(storage: SimStorage) {
    this.board = new SimBoard({ storage });
    const self = this;
    this.board.watchdog.onReset(function () {
      self.watchdogResets++;
      if (self.onWatchdogReset) self.onWatchdogReset();
    });
  }

  /** What the device does when the watchdog bites (power it on again). */
  whenWatchdogBites(fn: () => void): void {
    this.onWatchdogReset = fn;
  }

  /** The shim of the current run (tests read CHARGER, the console lock, Storage through it). */
  shim(): EspruinoShim | undefined {
    return this.current;
  }

  createInterpreter(env: DeviceEnvironment): DeviceInterpreter {
    const previous = this.current;
    const carryAuto = !!previous && previous.watchdog.enabled && previous.watchdog.auto;
    if (previous) previous.dispose();
    this.stopCarriedKick();
    const board = this.board;
    if (carryAuto) {
      // Espruino keeps kicking from its idle loop until the next program calls E.enableWatchdog
      const timeoutS = (previous as EspruinoShim).watchdog.timeoutS;
      this.carriedAutoKick = board.clock.every(Math.max(1, timeoutS * 500), function () { board.watchdog.kick(); });
    }
    const shim = createEspruinoShim({ board, echo: env.print, env: { BOARD: env.env.BOARD, VERSION: env.env.VERSION } });
    this.current = shim;
    const fn = shim.evaluate(DEVICE_GLOBALS) as (...a: unknown[]) => void;
    fn(shim.evaluate("require(\"Storage\")"), shim.evaluate("global"), env.requestReset, function (f?: unknown) {
      env.requestLoad(f === undefined ? undefined : String(f));
    }, atob, btoa);
    const self = this;
    return {
      evaluate: function (code: string) {
        const v = shim.evaluate(code);
        self.checkWatchdogTakenOver(shim);
        return v;
      },
      boot: function (source: string, filename: string) {
        // as on Espruino, init handlers registered before an error in the boot code still run
        shim.run(source, filename);
        shim.boot();
        self.checkWatchdogTakenOver(shim);
      },
      consoleLock: function () { return shim.consoleLock; },
      unlockConsole: function () { shim.consoleLock.locked = false; },
      advance: function (ms: number) {
        board.clock.advance(ms);
        self.checkWatchdogTakenOver(shim);
      },
      dispose: function () { shim.dispose(); },
    };
  }

  private checkWatchdogTakenOver(shim: EspruinoShim): void {
    if (this.carriedAutoKick && shim.watchdog.enabled) this.stopCarriedKick();
  }

  private stopCarriedKick(): void {
    if (this.carriedAutoKick) this.carriedAutoKick();
    this.carriedAutoKick = undefined;
  }
}
