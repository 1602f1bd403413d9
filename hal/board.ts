import { SpiBus } from "./spi";
import { Clock } from "./clock";
import { OutputPin, InputPin, PwmOutput, AnalogInput } from "./pins";
import { FlashStorage } from "./storage";
import { Watchdog } from "./watchdog";

/** An RGB status light, each channel a PWM output (0 = off, 1 = full). */
export interface RgbLedPins {
  red: PwmOutput;
  green: PwmOutput;
  blue: PwmOutput;
}

/**
 * Everything the firmware drives or reads on a charger, as hal interfaces.
 * A board binding (Espruino or simulated) builds one; the firmware never sees more.
 */
export interface Board {
  clock: Clock;
  storage: FlashStorage;
  watchdog: Watchdog;
  /** MFRC522 on SPI, and its NRSTPD (reset/power-down) line: low = reset. */
  readerSpi: SpiBus;
  readerReset: OutputPin;
  led: RgbLedPins;
  /** Contactor coil (high = closed) and its auxiliary feedback contact (high = closed). */
  relay: OutputPin;
  relayFeedback: InputPin;
  /** Control pilot: 1 kHz PWM generator and the sensed high level (see firmware pilot mapping). */
  pilotPwm: PwmOutput;
  pilotSense: AnalogInput;
  /** S0 energy meter pulse input. */
  meterPulses: InputPin;
  /** Text log line (console on a device). */
  log(line: string): void;
}

/**
 * The pins a board binding wires a Board from, by the port's pin names (Espruino: "D5"). The unit
 * configuration (firmware/config/unit-config.ts) has this shape, plus identity and settings.
 */
export interface BoardPinMap {
  spi: { sck: string; miso: string; mosi: string; cs: string; baud: number };
  readerReset: string;
  led: { red: string; green: string; blue: string };
  relay: string;
  relayFeedback: string;
  pilot: { pwm: string; sense: string };
  meter: { pin: string };
}

/** The pilot sense front end maps the pilot's high level, -12..+12 V, linearly onto 0..1. */
export function pilotSenseToVolts(fraction: number): number {
  return fraction * 24 - 12;
}
export function pilotVoltsToSense(volts: number): number {
  return (volts + 12) / 24;
}
