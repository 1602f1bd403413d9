// Composition root for a real unit (Espruino): the board from the unit's configuration, Wi-Fi,
// then the charger on it (session, reader, Local List and cache in flash, contactor, light, pilot,
// meter, watchdog) with its OCPP side connected to the unit's backend (ocpp-charger.ts). Without
// a usable backend URL the charger runs on the offline rules alone. No exports: this file is the
// bundle's entry.
import { Board } from "../hal/board";
import { createEspruinoBoard } from "../hal/espruino/board";
import { EspruinoStorage } from "../hal/espruino/storage";
import { EspruinoSocketConnector } from "../hal/espruino/socket";
import { ChargerHandle, startCharger } from "./charger";
import { lockConsoleAtBoot } from "./config/console-lock";
import { DEFAULT_UNIT_CONFIG } from "./config/default-unit";
import { UnitConfig } from "./config/unit-config";
import { loadUnitConfig } from "./config/unit-file";
import { wsEndpoint } from "./ocpp/transport/ws-url";
import { startOcppCharger } from "./ocpp-charger";
import { chargerConsole } from "./status-report";
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

const BOOT_VENDOR = "evse-access";

/** Joins the unit's Wi-Fi, if it has one configured (the OCPP link retries until the network is up). */
function connectWifi(config: UnitConfig, board: Board): void {
  const wifi = config.wifi;
  if (!wifi) return;
  const Wifi = require("Wifi");
  Wifi.connect(wifi.ssid, { password: wifi.password }, function (err: string | null) {
    board.log(err ? "wifi: " + err : "wifi: connected to " + wifi.ssid);
  });
}

/** The backend URL and charge point id make a WebSocket endpoint; else the unit runs offline. */
function backendUsable(config: UnitConfig, board: Board): boolean {
  try {
    wsEndpoint(config.backendUrl, config.chargePointId);
    return true;
  } catch (e) {
    board.log("ocpp: " + (e as Error).message + "; running on the offline rules");
    return false;
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
  const checksum = function (bytes: Uint8Array) {
    return E.CRC32(bytes);
  };
  const config = loaded.config;
  let charger: ChargerHandle;
  let queued: (() => number) | undefined;
  if (backendUsable(config, board)) {
    connectWifi(config, board);
    const c = startOcppCharger(board, {
      url: config.backendUrl,
      chargePointId: config.chargePointId,
      authorizationKey: config.authorizationKey,
      boot: { chargePointVendor: BOOT_VENDOR, chargePointModel: config.board, firmwareVersion: FIRMWARE_VERSION },
      connector: new EspruinoSocketConnector(),
      pulsesPerKWh: config.meter.pulsesPerKWh,
      checksum: checksum,
      reboot: reboot,
    });
    charger = c;
    queued = function () {
      return c.ocpp.backend.queued();
    };
  } else {
    charger = startCharger(board, { pulsesPerKWh: config.meter.pulsesPerKWh, checksum: checksum, reboot: reboot });
  }
  const settings = charger.settings;
  // for the console, the simulator and `npm run flash -- --status`: CHARGER.status()
  (global as any).CHARGER = chargerConsole({
    charger: charger.status,
    firmwareVersion: FIRMWARE_VERSION,
    storage: storage,
    queued: queued,
    changeConfiguration: function (key: string, value: string) {
      return settings.change(key, value);
    },
  });
}

E.on("init", function () {
  // first, so a unit whose start-up fails is locked all the same; `npm run flash` reads the version
  lockConsoleAtBoot(new EspruinoStorage(), E);
  (global as any).FIRMWARE_VERSION = FIRMWARE_VERSION;
  start();
});
