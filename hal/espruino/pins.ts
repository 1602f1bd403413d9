import { Cancel } from "../clock";
import { AnalogInput, Edge, InputPin, OutputPin, PwmOutput } from "../pins";

export class EspruinoOutputPin implements OutputPin {
  constructor(private readonly pin: Pin, initial: boolean) {
    digitalWrite(pin, initial);
  }

  write(high: boolean): void {
    digitalWrite(this.pin, high);
  }
}

/** A digital input; watches report Espruino's edge time (seconds) in ms. */
export class EspruinoInputPin implements InputPin {
  constructor(private readonly pin: Pin, private readonly debounceMs: number) {
    pinMode(pin, "input", false);
  }

  read(): boolean {
    return digitalRead(this.pin) === 1;
  }

  watch(edge: Edge, fn: (high: boolean, timeMs: number) => void): Cancel {
    let id: any = setWatch(function (e: any) {
      fn(!!e.state, e.time * 1000);
    }, this.pin, { edge: edge, repeat: true, debounce: this.debounceMs });
    return function () {
      if (id === undefined) return;
      clearWatch(id);
      id = undefined;
    };
  }
}

export class EspruinoPwm implements PwmOutput {
  /** analogWrite's options, made once: the status light's pulse writes every 50 ms. */
  private readonly options: { freq: number };

  constructor(private readonly pin: Pin, freqHz: number) {
    this.options = { freq: freqHz };
    analogWrite(pin, 0, this.options);
  }

  setDuty(duty: number): void {
    analogWrite(this.pin, duty, this.options);
  }
}

export class EspruinoAnalogInput implements AnalogInput {
  constructor(private readonly pin: Pin) {}

  read(): number {
    return analogRead(this.pin);
  }
}
