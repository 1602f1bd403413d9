import { Board, BoardPinMap } from "../board";
import { EspruinoClock } from "./clock";
import { EspruinoStorage } from "./storage";
import { EspruinoWatchdog } from "./watchdog";
import { EspruinoSpiBus } from "./spi";
import { EspruinoAnalogInput, EspruinoInputPin, EspruinoOutputPin, EspruinoPwm } from "./pins";
import { codedError } from "../coded-error";

export const LED_PWM_HZ = 1000;
export const PILOT_PWM_HZ = 1000;
/** Contact bounce of the relay's auxiliary contact; S0 pulses last >= 30 ms. */
export const FEEDBACK_DEBOUNCE_MS = 5;
export const METER_DEBOUNCE_MS = 5;

/** The global pin object for a name such as "D5". */
export function resolvePin(name: string): Pin {
  const pin = (global as any)[name];
  if (!pin || typeof pin.read !== "function" || typeof pin.write !== "function") {
    throw codedError("PIN", "no pin named '" + name + "' on this board");
  }
  return pin as Pin;
}

/**
 * Builds the Board from the pin map. Outputs start low: contactor open, reader held in reset,
 * light off. Inputs are plain inputs (feedback and S0 lines have external pull-ups; ESP32 pins
 * D34-D39 have none).
 */
export function createEspruinoBoard(pins: BoardPinMap, storage?: EspruinoStorage): Board {
  const spi = new EspruinoSpiBus(SPI1, resolvePin(pins.spi.cs), {
    sck: resolvePin(pins.spi.sck),
    miso: resolvePin(pins.spi.miso),
    mosi: resolvePin(pins.spi.mosi),
    baud: pins.spi.baud,
  });
  return {
    clock: new EspruinoClock(),
    storage: storage || new EspruinoStorage(),
    watchdog: new EspruinoWatchdog(),
    readerSpi: spi,
    readerReset: new EspruinoOutputPin(resolvePin(pins.readerReset), false),
    led: {
      red: new EspruinoPwm(resolvePin(pins.led.red), LED_PWM_HZ),
      green: new EspruinoPwm(resolvePin(pins.led.green), LED_PWM_HZ),
      blue: new EspruinoPwm(resolvePin(pins.led.blue), LED_PWM_HZ),
    },
    relay: new EspruinoOutputPin(resolvePin(pins.relay), false),
    relayFeedback: new EspruinoInputPin(resolvePin(pins.relayFeedback), FEEDBACK_DEBOUNCE_MS),
    pilotPwm: new EspruinoPwm(resolvePin(pins.pilot.pwm), PILOT_PWM_HZ),
    pilotSense: new EspruinoAnalogInput(resolvePin(pins.pilot.sense)),
    meterPulses: new EspruinoInputPin(resolvePin(pins.meter.pin), METER_DEBOUNCE_MS),
    log: function (line: string) {
      console.log(line);
    },
  };
}
