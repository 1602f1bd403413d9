// The charger with its OCPP side: what a composition root (firmware/main.ts on a device, the
// simulator) starts on a board. Builds the stores on the board's flash, the OCPP side
// (ocpp/ocpp-stack.ts) and the charger (charger.ts) with the OCPP backend, then connects.
import { Board } from "../hal/board";
import { SocketConnector } from "../hal/socket";
import { DEFAULT_RESERVE_BYTES, FlashLocalAuthList } from "./allowlist/flash-local-list";
import { FlashAuthorizationCache } from "./auth-cache/flash-authorization-cache";
import { ChargerHandle, ReaderStarter, startCharger } from "./charger";
import { Settings } from "./config/settings";
import { BootInfo } from "./ocpp/ocpp-client";
import { createOcppStack, OcppStack } from "./ocpp/ocpp-stack";
import { DEFAULT_TX_QUEUE_BYTES } from "./ocpp/queue/transaction-queue";
import { Sha1 } from "./ocpp/transport/sha1";
import { Checksum } from "./persist/checksum";
import { WallClock } from "./time/wall-clock";

export interface OcppChargerOptions {
  /** Central System URL (ws:// or wss://) without the charge point id, and the id. */
  url: string;
  chargePointId: string;
  /** The unit's AuthorizationKey (unit.json), used while the OCPP key is empty. */
  authorizationKey?: string;
  ca?: string;
  boot: BootInfo;
  /** The board's network (hal/espruino/socket.ts on a device). */
  connector: SocketConnector;
  /** Restarts the unit (after a Reset, once the answer and the queued messages are out). */
  reboot: (hard: boolean) => void;
  pulsesPerKWh?: number;
  startReader?: ReaderStarter;
  checksum?: Checksum;
  sha1?: Sha1;
  random?: () => number;
  watchdogTimeoutMs?: number;
}

export interface OcppChargerHandle extends ChargerHandle {
  ocpp: OcppStack;
}

/**
 * Flash the Local List leaves to the other files: the default reserve plus the transaction queue,
 * which grows only while the Central System is unreachable.
 */
export const LOCAL_LIST_RESERVE_BYTES = DEFAULT_RESERVE_BYTES + DEFAULT_TX_QUEUE_BYTES;

export function startOcppCharger(board: Board, o: OcppChargerOptions): OcppChargerHandle {
  const settings = new Settings(board.storage);
  settings.load();
  const wallClock = new WallClock(board.clock);
  const list = new FlashLocalAuthList(board.storage, { clock: wallClock, checksum: o.checksum, reserveBytes: LOCAL_LIST_RESERVE_BYTES });
  const cache = new FlashAuthorizationCache(board.storage, {
    clock: wallClock,
    checksum: o.checksum,
    localList: list,
    enabled: settings.bool("AuthorizationCacheEnabled"),
  });
  const ocpp = createOcppStack(board, o.connector, {
    url: o.url,
    chargePointId: o.chargePointId,
    authorizationKey: o.authorizationKey,
    ca: o.ca,
    boot: o.boot,
    settings: settings,
    list: list,
    cache: cache,
    wallClock: wallClock,
    random: o.random,
    sha1: o.sha1,
  });
  const h = startCharger(board, {
    settings: settings,
    backend: ocpp.backend,
    localList: ocpp.sessionList,
    cache: cache,
    wallClock: wallClock,
    checksum: o.checksum,
    pulsesPerKWh: o.pulsesPerKWh,
    startReader: o.startReader,
    watchdogTimeoutMs: o.watchdogTimeoutMs,
    reboot: ocpp.deferredReboot(o.reboot),
  }) as OcppChargerHandle;
  ocpp.backend.setEnergySource(function () {
    return h.energyWh();
  });
  const haltCharger = h.halt;
  h.halt = function () {
    haltCharger();
    ocpp.halt();
  };
  h.ocpp = ocpp;
  ocpp.start();
  return h;
}
