// Composition root for a real unit (Espruino): the board from the unit's configuration, then the
// charger on it (session, reader, Local List and cache in flash, contactor, light, pilot, meter,
// watchdog). Until the OCPP layer exists the backend is the offline stand-in, so decisions follow
// the offline rules. No exports: this file is the bundle's entry.
import { Board } from "../hal/board";
import { createEspruinoBoard } from "../hal/espruino/board";
import { EspruinoStorage } from "../hal/espruino/storage";
import { startCharger } from "./charger";
import { lockConsoleAtBoot } from "./config/console-lock";
import { DEFAULT_UNIT_CONFIG } from "./config/default-unit";
import { UnitConfig } from "./config/unit-config";
import { loadUnitConfig } from "./config/unit-file";
import { FIRMWARE_VERSION } from "./version";

function buildBoard(config: UnitConfig, storage: EspruinoStorage): Board {
  try {
    return createEspruinoBoard(config, storage);
  } catch (e) {
    // a pin this board lacks: the compiled-in pin map still lets the unit show it is alive
    console.log("config: " + (e as Error).message + "; using the built-in pin map");
    return createEspruinoBoard(DEFAULT_UNIT_CONFIG, storage);
  }
}

/** Hard reset: the chip's reboot if the port has one, else the halted firmware stops kicking the watchdog. */
function reboot(hard: boolean): void {
  const e: any = E;
  if (!hard) load();
  else if (typeof e.reboot === "function") e.reboot();
}

function start(): void {
  const storage = new EspruinoStorage();
  const loaded = loadUnitConfig(storage, DEFAULT_UNIT_CONFIG);
  for (let i = 0; i < loaded.problems.length; i++) console.log("config: " + loaded.problems[i]);
  const board = buildBoard(loaded.config, storage);
  board.log("started " + FIRMWARE_VERSION);
  const charger = startCharger(board, {
    pulsesPerKWh: loaded.config.meter.pulsesPerKWh,
    checksum: function (bytes: Uint8Array) {
      return E.CRC32(bytes);
    },
    reboot: reboot,
  });
  // for the console and `npm run flash -- --status`: CHARGER.status()
  (global as any).CHARGER = {
    status: function () {
      return charger.status();
    },
  };
}

E.on("init", function () {
  // first, so a unit whose start-up fails is locked all the same; `npm run flash` reads the version
  lockConsoleAtBoot(new EspruinoStorage(), E);
  (global as any).FIRMWARE_VERSION = FIRMWARE_VERSION;
  start();
});
