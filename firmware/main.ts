// Composition root for a real unit (Espruino). For now: wire the board from the unit's
// configuration and blink the status light green while kicking the watchdog.
// Later issues replace the body. No exports: this file is the bundle's entry.
import { Board } from "../hal/board";
import { createEspruinoBoard } from "../hal/espruino/board";
import { EspruinoStorage } from "../hal/espruino/storage";
import { lockConsoleAtBoot } from "./config/console-lock";
import { DEFAULT_UNIT_CONFIG } from "./config/default-unit";
import { loadUnitConfig } from "./config/unit-file";
import { FIRMWARE_VERSION } from "./version";

const WATCHDOG_MS = 10000;
const BLINK_MS = 500;

function buildBoard(): Board {
  const storage = new EspruinoStorage();
  const loaded = loadUnitConfig(storage, DEFAULT_UNIT_CONFIG);
  for (let i = 0; i < loaded.problems.length; i++) console.log("config: " + loaded.problems[i]);
  try {
    return createEspruinoBoard(loaded.config, storage);
  } catch (e) {
    // a pin this board lacks: the compiled-in pin map still lets the unit show it is alive
    console.log("config: " + (e as Error).message + "; using the built-in pin map");
    return createEspruinoBoard(DEFAULT_UNIT_CONFIG, storage);
  }
}

function start(): void {
  const board = buildBoard();
  board.log("started");
  board.watchdog.enable(WATCHDOG_MS);
  let on = false;
  board.clock.every(BLINK_MS, function () {
    on = !on;
    board.led.green.setDuty(on ? 1 : 0);
    board.watchdog.kick();
  });
}

E.on("init", function () {
  // first, so a unit whose start-up fails is locked all the same; `npm run flash` reads the version
  lockConsoleAtBoot(new EspruinoStorage(), E);
  (global as any).FIRMWARE_VERSION = FIRMWARE_VERSION;
  start();
});
