import { UnitConfig } from "./unit-config";

/**
 * The configuration compiled into the firmware, used when the unit's unit.json is missing or bad.
 * Mirrors flash.config.json without secrets (a test keeps the two in step); a later build step
 * injects flash.config.json here instead.
 */
export const DEFAULT_UNIT_CONFIG: UnitConfig = {
  board: "ESP32",
  port: "/dev/ttyUSB0",
  baud: 115200,
  spi: { sck: "D18", miso: "D19", mosi: "D23", cs: "D5", baud: 4000000 },
  readerReset: "D22",
  led: { red: "D25", green: "D26", blue: "D27" },
  relay: "D32",
  relayFeedback: "D33",
  pilot: { pwm: "D13", sense: "D34" },
  meter: { pin: "D35", pulsesPerKWh: 1000 },
  chargePointId: "CP-0001",
  backendUrl: "ws://192.168.1.10:9000/ocpp",
};
