// Node only. Which simulated part each GPIO of the unit drives or reads, from the unit's pin map
// (the same map the firmware reads from unit.json): the board is wired as the unit config says.
import { Cancel } from "../../../hal/clock";
import { SimBoard } from "../../../hal/sim/board";
import { UnitConfig } from "../../../firmware/config/unit-config";
import { PIN_COUNT } from "./espruino-globals";

/** The pin fields of a unit config (what the board is wired to). */
export type UnitPinMap = Pick<UnitConfig, "spi" | "readerReset" | "led" | "relay" | "relayFeedback" | "pilot" | "meter">;

/** What a pin is connected to; a missing capability means that use of the pin reaches nothing. */
export interface Wire {
  /** Role in the unit config, e.g. "led.red", "relay", "spi.cs". */
  role: string;
  write?(high: boolean): void;
  pwm?(duty: number): void;
  read?(): boolean;
  analog?(): number;
  /** Every level change of an input, with its simulated time (ms). */
  watch?(fn: (high: boolean, timeMs: number) => void): Cancel;
}

/** A use of a pin that reaches no simulated part (harmless on a device: the pin floats). */
export interface PinAccess {
  pin: string;
  op: string;
  /** Role when the pin is wired but not for this use (e.g. analogWrite on the relay feedback input). */
  role?: string;
  count: number;
}

/** A pin level kept for pins that drive nothing, so reading back what was written works. */
interface LooseLevel {
  high: boolean;
}

export function pinName(n: number): string {
  return "D" + n;
}

/** "D5" -> 5; -1 if it is not a pin of this board. */
export function pinIndex(name: string): number {
  if (typeof name !== "string" || name.charAt(0) !== "D") return -1;
  const n = parseInt(name.substring(1), 10);
  return String(n) === name.substring(1) && n >= 0 && n < PIN_COUNT ? n : -1;
}

export class PinWiring {
  readonly accesses: PinAccess[] = [];
  private readonly wires: (Wire | undefined)[] = [];
  private readonly loose: LooseLevel[] = [];
  private readonly modes: string[] = [];
  /** Set by pinMode (unless automatic): Espruino then leaves the mode alone. */
  private readonly manual: boolean[] = [];
  /** Level of the reader's chip-select line, as the firmware last drove it (high = idle). */
  csHigh = true;

  constructor(board: SimBoard, readonly map: UnitPinMap) {
    for (let i = 0; i < PIN_COUNT; i++) {
      this.wires.push(undefined);
      this.loose.push({ high: false });
      this.modes.push("input");
      this.manual.push(false);
    }
    const self = this;
    const b = board;
    this.wire(map.spi.cs, { role: "spi.cs", write(h) { self.csHigh = h; }, read() { return self.csHigh; } });
    this.wire(map.spi.sck, { role: "spi.sck" });
    this.wire(map.spi.miso, { role: "spi.miso" });
    this.wire(map.spi.mosi, { role: "spi.mosi" });
    this.wire(map.readerReset, { role: "readerReset", write(h) { b.readerReset.write(h); }, read() { return b.readerReset.isHigh(); } });
    const leds: ("red" | "green" | "blue")[] = ["red", "green", "blue"];
    for (const c of leds) {
      const ch = b.led[c];
      this.wire(map.led[c], { role: "led." + c, pwm(d) { ch.setDuty(d); }, write(h) { ch.setDuty(h ? 1 : 0); }, read() { return ch.duty() > 0; } });
    }
    this.wire(map.relay, { role: "relay", write(h) { b.relay.coil.write(h); }, read() { return b.relay.coil.isHigh(); } });
    this.wire(map.relayFeedback, {
      role: "relayFeedback",
      read() { return b.relay.feedback.read(); },
      watch(fn) { return b.relay.feedback.watch("both", fn); },
    });
    this.wire(map.pilot.pwm, { role: "pilot.pwm", pwm(d) { b.pilot.pwm.setDuty(d); }, write(h) { b.pilot.pwm.setDuty(h ? 1 : 0); } });
    this.wire(map.pilot.sense, { role: "pilot.sense", analog() { return b.pilot.sense.read(); } });
    this.wire(map.meter.pin, {
      role: "meter",
      read() { return b.meter.pin.read(); },
      watch(fn) { return b.meter.pin.watch("both", fn); },
    });
  }

  wireOf(n: number): Wire | undefined {
    return this.wires[n];
  }

  roleOf(n: number): string | undefined {
    const w = this.wires[n];
    return w ? w.role : undefined;
  }

  digitalWrite(n: number, high: boolean): void {
    if (!this.manual[n]) this.modes[n] = "output";
    const w = this.wires[n];
    if (w && w.write) return w.write(high);
    this.record(n, "digitalWrite");
    (this.loose[n] as LooseLevel).high = high;
  }

  /**
   * As Espruino: reading a pin whose mode was not set by hand makes it an input, so an output
   * driven by digitalWrite/analogWrite lets go (its line falls low) and the use is recorded.
   */
  digitalRead(n: number): boolean {
    if (!this.manual[n] && (this.modes[n] === "output" || this.modes[n] === "af_output")) {
      this.modes[n] = "input";
      this.release(n);
    } else if (!this.manual[n]) {
      this.modes[n] = "input";
    }
    const w = this.wires[n];
    if (w && w.read) return w.read();
    if (w && w.analog) return w.analog() >= 0.5;
    this.record(n, "digitalRead");
    return (this.loose[n] as LooseLevel).high;
  }

  analogWrite(n: number, duty: number): void {
    if (!this.manual[n]) this.modes[n] = "af_output";
    const w = this.wires[n];
    if (w && w.pwm) return w.pwm(duty);
    this.record(n, "analogWrite");
    if (w && w.write) return w.write(duty >= 0.5);
    (this.loose[n] as LooseLevel).high = duty >= 0.5;
  }

  analogRead(n: number): number {
    const w = this.wires[n];
    if (w && w.analog) return w.analog();
    this.record(n, "analogRead");
    if (w && w.read) return w.read() ? 1 : 0;
    return 0;
  }

  /** Subscribes to level changes, or returns undefined for a pin whose level nothing outside changes. */
  watch(n: number, fn: (high: boolean, timeMs: number) => void): Cancel | undefined {
    const w = this.wires[n];
    if (w && w.watch) return w.watch(fn);
    this.record(n, "setWatch");
    return undefined;
  }

  /** pinMode: `automatic` false (the default) fixes the mode until the next pinMode. */
  setMode(n: number, mode: string, automatic: boolean): void {
    this.modes[n] = mode;
    this.manual[n] = !automatic;
  }

  getMode(n: number): string {
    return this.modes[n] as string;
  }

  /** Level (without recording anything), for the start state of a watch. */
  level(n: number): boolean {
    const w = this.wires[n];
    if (w && w.read) return w.read();
    return (this.loose[n] as LooseLevel).high;
  }

  private release(n: number): void {
    const w = this.wires[n];
    this.record(n, "digitalRead (an output became an input)");
    if (w && w.pwm) w.pwm(0);
    else if (w && w.write) w.write(false);
    else (this.loose[n] as LooseLevel).high = false;
  }

  /** Records a use of pin `n` that reaches no simulated part. */
  record(n: number, op: string): void {
    const pin = pinName(n);
    const role = this.roleOf(n);
    for (const a of this.accesses) {
      if (a.pin === pin && a.op === op) {
        a.count++;
        return;
      }
    }
    const a: PinAccess = { pin, op, count: 1 };
    if (role) a.role = role;
    this.accesses.push(a);
  }

  private wire(name: string, w: Wire): void {
    const n = pinIndex(name);
    if (n < 0) throw new Error("espruino shim: unit pin '" + name + "' (" + w.role + ") is not a pin of this board (D0-D" + (PIN_COUNT - 1) + ")");
    if (this.wires[n]) throw new Error("espruino shim: pin " + name + " is wired twice (" + (this.wires[n] as Wire).role + ", " + w.role + ")");
    this.wires[n] = w;
  }
}
