import { Cancel, Clock } from "../clock";
import { SimInputPin } from "./pins";
import { codedError } from "../coded-error";

export const METER_DEFAULT_PULSES_PER_KWH = 1000;
/** S0 (EN 62053-31): a pulse lasts at least 30 ms and is followed by at least 30 ms of pause. */
export const METER_DEFAULT_PULSE_MS = 30;

const MS_PER_HOUR = 3600000;

/**
 * An S0 energy meter: a pulse (pin high for pulseMs, then low for at least pulseMs) per
 * 1000 / pulsesPerKWh Wh. Energy comes from `addEnergy(wh)` or from a constant power
 * (`setPower(watts)`) as simulated time passes. Pulses queue when energy arrives faster than
 * the S0 rate allows; energy below one pulse is carried over.
 */
export class SimMeter {
  readonly pin: SimInputPin;
  readonly pulsesPerKWh: number;
  readonly pulseMs: number;
  readonly whPerPulse: number;
  pulsesEmitted = 0;
  private queued = 0;
  private fractionWh = 0;
  private totalWh = 0;
  private busy = false;
  private watts = 0;
  private powerSince = 0;
  private powerTimer: Cancel | undefined;

  constructor(private readonly clock: Clock, pulsesPerKWh?: number, pulseMs?: number) {
    this.pulsesPerKWh = pulsesPerKWh || METER_DEFAULT_PULSES_PER_KWH;
    this.pulseMs = pulseMs || METER_DEFAULT_PULSE_MS;
    if (!(this.pulsesPerKWh > 0) || !(this.pulseMs > 0)) {
      throw codedError("ARGS", "SimMeter: pulsesPerKWh and pulseMs must be > 0");
    }
    this.whPerPulse = 1000 / this.pulsesPerKWh;
    this.pin = new SimInputPin(clock);
  }

  /** Adds energy at once; its pulses go out over the following simulated time. */
  addEnergy(wh: number): void {
    if (typeof wh !== "number" || !(wh >= 0)) {
      throw codedError("ARGS", "SimMeter.addEnergy: expected Wh >= 0, got " + wh);
    }
    this.settlePower();
    this.accumulate(wh);
    this.pump();
  }

  /** Draws a constant power from now on (0 stops). */
  setPower(watts: number): void {
    if (typeof watts !== "number" || !(watts >= 0)) {
      throw codedError("ARGS", "SimMeter.setPower: expected watts >= 0, got " + watts);
    }
    this.settlePower();
    this.watts = watts;
    this.schedulePowerPulse();
  }

  power(): number {
    return this.watts;
  }

  /** Energy delivered so far (Wh), pulsed or not. */
  energyWh(): number {
    return this.totalWh + this.watts * (this.clock.now() - this.powerSince) / MS_PER_HOUR;
  }

  /** Whole pulses owed but not yet started. */
  pendingPulses(): number {
    return this.queued;
  }

  private accumulate(wh: number): void {
    this.totalWh += wh;
    this.fractionWh += wh;
    // a tolerance so that floating-point sums of exact pulse energies still make whole pulses
    while (this.fractionWh >= this.whPerPulse - 1e-9) {
      this.fractionWh -= this.whPerPulse;
      this.queued++;
    }
  }

  private settlePower(): void {
    const now = this.clock.now();
    if (this.watts > 0 && now > this.powerSince) this.accumulate(this.watts * (now - this.powerSince) / MS_PER_HOUR);
    this.powerSince = now;
  }

  private schedulePowerPulse(): void {
    if (this.powerTimer) {
      this.powerTimer();
      this.powerTimer = undefined;
    }
    if (this.watts <= 0) return;
    const whPerMs = this.watts / MS_PER_HOUR;
    const dt = Math.max(1, Math.ceil((this.whPerPulse - this.fractionWh) / whPerMs));
    const self = this;
    this.powerTimer = this.clock.after(dt, function () {
      self.powerTimer = undefined;
      self.settlePower();
      self.pump();
      self.schedulePowerPulse();
    });
  }

  private pump(): void {
    if (this.busy || this.queued === 0) return;
    this.queued--;
    this.busy = true;
    this.pulsesEmitted++;
    this.pin.set(true);
    const self = this;
    this.clock.after(this.pulseMs, function () {
      self.pin.set(false);
      self.clock.after(self.pulseMs, function () {
        self.busy = false;
        self.pump();
      });
    });
  }
}
