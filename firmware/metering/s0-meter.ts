import { Cancel } from "../../hal/clock";
import { InputPin } from "../../hal/pins";
import { codedError } from "../../hal/coded-error";

/**
 * Energy register from an S0 pulse output: each rising edge is 1000 / pulsesPerKWh Wh.
 * S0 gives no absolute reading, so the register starts from the last persisted value at boot
 * (pulses between the last save and a power cut are lost; the session persists the register
 * at every transaction start/stop and sampled meter value).
 */
export class S0Meter {
  private pulses = 0;
  private readonly whPerPulse: number;
  private unwatch: Cancel;

  constructor(pin: InputPin, pulsesPerKWh: number, private baseWh: number) {
    if (!(pulsesPerKWh > 0)) {
      throw codedError("ARGS", "S0Meter: pulsesPerKWh must be > 0, got " + pulsesPerKWh);
    }
    this.whPerPulse = 1000 / pulsesPerKWh;
    const self = this;
    this.unwatch = pin.watch("rising", function () {
      self.pulses++;
    });
  }

  /** The register in Wh. */
  wh(): number {
    return this.baseWh + this.pulses * this.whPerPulse;
  }

  pulseCount(): number {
    return this.pulses;
  }

  stop(): void {
    this.unwatch();
  }
}
