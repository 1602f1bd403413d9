// The whole OCPP side of the charger, built from what a composition root has: the board's clock,
// storage and log, a socket connector (hal/socket.ts), the settings, the Local List store, the
// Authorization Cache and the wall clock. The charging session attaches itself later through the
// Backend (backend.attach), as startCharger does.
//
//   WsLink (transport) -> RpcEndpoint (OCPP-J) -> OcppClient (boot, heartbeat, online)
//   OcppBackend (the session's Backend: Authorize, StatusNotification, queued transaction messages)
//   operations/*: the Central System's calls, registered here.
import { Clock } from "../../hal/clock";
import { SocketConnector } from "../../hal/socket";
import { FlashStorage } from "../../hal/storage";
import { AuthorizationCache } from "../authorization/authorization-cache";
import { IdTagInfo } from "../authorization/id-tag-info";
import { AuthorizationData, LocalAuthList, UpdateStatus } from "../authorization/local-list";
import { Settings } from "../config/settings";
import { WallClock } from "../time/wall-clock";
import { AvailabilityScheduler } from "./availability";
import { MAX_MESSAGE_BYTES, sendLocalListMaxLength } from "./local-list-limits";
import { BootInfo, OcppClient } from "./ocpp-client";
import { OcppBackend } from "./ocpp-backend";
import { changeAvailabilityHandler } from "./operations/ChangeAvailability";
import { changeConfigurationHandler } from "./operations/ChangeConfiguration";
import { clearCacheHandler } from "./operations/ClearCache";
import { dataTransferHandler } from "./operations/DataTransfer";
import { getConfigurationHandler } from "./operations/GetConfiguration";
import { getLocalListVersionHandler } from "./operations/GetLocalListVersion";
import { remoteStartTransactionHandler } from "./operations/RemoteStartTransaction";
import { remoteStopTransactionHandler } from "./operations/RemoteStopTransaction";
import { resetHandler } from "./operations/Reset";
import { sendLocalListHandler } from "./operations/SendLocalList";
import { triggerMessageHandler } from "./operations/TriggerMessage";
import { unlockConnectorHandler } from "./operations/UnlockConnector";
import { TransactionQueue } from "./queue/transaction-queue";
import { RpcEndpoint } from "./rpc/rpc-endpoint";
import { confirmationType, isCentralSystemAction, requestType } from "./schema/ocpp16-schemas";
import { Sha1 } from "./transport/sha1";
import { WsLink } from "./transport/ws-link";

/** What the OCPP side needs of the board (a Board has all of it). */
export interface OcppHost {
  clock: Clock;
  storage: FlashStorage;
  log(line: string): void;
}

/** The Local List store, optionally with the per-update limit of FlashLocalAuthList. */
export interface LocalListStore extends LocalAuthList {
  maxEntriesPerUpdate?(): number;
}

export interface OcppStackOptions {
  /** Central System URL (ws:// or wss://) without the charge point id, and the id. */
  url: string;
  chargePointId: string;
  /** The unit's AuthorizationKey (unit.json), used while the OCPP key AuthorizationKey is empty. */
  authorizationKey?: string;
  /** PEM CA for wss://. */
  ca?: string;
  boot: BootInfo;
  settings: Settings;
  list: LocalListStore;
  cache?: AuthorizationCache;
  wallClock: WallClock;
  random?: () => number;
  sha1?: Sha1;
  /** Flash for the transaction queue (default 64 KiB; the Local List's reserve must leave it room). */
  queueBytes?: number;
  callTimeoutMs?: number;
  authorizeTimeoutMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  pongTimeoutMs?: number;
}

export interface OcppStack {
  link: WsLink;
  rpc: RpcEndpoint;
  client: OcppClient;
  backend: OcppBackend;
  queue: TransactionQueue;
  availability: AvailabilityScheduler;
  /** The Local List as the session should see it: empty while LocalAuthListEnabled is false. */
  sessionList: LocalAuthList;
  /** Connects (and keeps reconnecting). */
  start(): void;
  /** Stops everything at once, as a power cut would (no close handshake, no more timers of ours). */
  halt(): void;
  /**
   * Wraps the composition root's reboot for the session's Reset: the Reset answer goes out first;
   * a soft reset also waits (at most SOFT_RESET_FLUSH_MS) for the queued transaction messages, then
   * the WebSocket is closed and the unit restarts.
   */
  deferredReboot(reboot: (hard: boolean) => void): (hard: boolean) => void;
}

/**
 * How long a soft reset waits for queued transaction messages: less than the charger's watchdog
 * (3 s), which is no longer fed once the session has halted. What is not delivered by then stays
 * in flash and goes after the reboot.
 */
export const SOFT_RESET_FLUSH_MS = 2000;
const HARD_RESET_GRACE_MS = 300;
const CLOSE_GRACE_MS = 500;
const POLL_MS = 100;

/** The Local List as the session sees it: nothing found while LocalAuthListEnabled is false. */
function listForSession(list: LocalAuthList, settings: Settings): LocalAuthList {
  return {
    lookup: function (idTag: string): IdTagInfo | undefined {
      return settings.bool("LocalAuthListEnabled") ? list.lookup(idTag) : undefined;
    },
    version: function (): number {
      return list.version();
    },
    count: function (): number {
      return list.count();
    },
    capacity: function (): number {
      return list.capacity();
    },
    update: function (listVersion: number, updateType: "Full" | "Differential", entries: AuthorizationData[]): UpdateStatus {
      return list.update(listVersion, updateType, entries);
    },
    clear: function (): void {
      list.clear();
    },
  };
}

export function createOcppStack(host: OcppHost, connector: SocketConnector, o: OcppStackOptions): OcppStack {
  const clock = host.clock;
  const settings = o.settings;
  const random = o.random || Math.random;
  let halted = false;
  const log = function (line: string) {
    host.log(line);
  };
  const unitKey = function (): string | undefined {
    const k = settings.text("AuthorizationKey");
    return k ? k : o.authorizationKey;
  };

  const link = new WsLink(connector, clock, {
    url: o.url,
    chargePointId: o.chargePointId,
    authorizationKey: unitKey(),
    ca: o.ca,
    webSocketPingIntervalS: settings.int("WebSocketPingInterval"),
    pongTimeoutMs: o.pongTimeoutMs,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    reconnectInitialMs: o.reconnectInitialMs,
    reconnectMaxMs: o.reconnectMaxMs,
    random: random,
    sha1: o.sha1,
    log: log,
  });
  const rpc = new RpcEndpoint(link, clock, {
    requestType: requestType,
    confirmationType: confirmationType,
    isKnownAction: isCentralSystemAction,
    callTimeoutMs: o.callTimeoutMs,
    random: random,
    log: log,
  });
  const client = new OcppClient(rpc, clock, o.wallClock, { boot: o.boot, heartbeatIntervalS: settings.int("HeartbeatInterval"), log: log });

  const queue = new TransactionQueue(host.storage, clock, o.wallClock, {
    maxBytes: o.queueBytes,
    bootId: Math.floor(random() * 0x7fffffff),
    log: log,
  });
  queue.open();

  let backend: OcppBackend;
  const sessionRef = {
    session: function () {
      return backend ? backend.session() : undefined;
    },
  };
  const availability = new AvailabilityScheduler(host.storage, sessionRef, clock, log);
  availability.load();
  backend = new OcppBackend({
    client: client,
    clock: clock,
    wallClock: o.wallClock,
    settings: settings,
    queue: queue,
    list: o.list,
    cache: o.cache,
    authorizeTimeoutMs: o.authorizeTimeoutMs,
    log: log,
  }, availability);

  // Computed read-only keys.
  const storeMax = o.list.maxEntriesPerUpdate ? o.list.maxEntriesPerUpdate() : o.list.capacity();
  settings.setComputed("SendLocalListMaxLength", String(sendLocalListMaxLength(MAX_MESSAGE_BYTES, storeMax)));
  const refreshListLength = function () {
    const cap = String(o.list.capacity());
    if (settings.text("LocalAuthListMaxLength") !== cap) settings.setComputed("LocalAuthListMaxLength", cap);
  };
  refreshListLength();
  if (o.cache) o.cache.setEnabled(settings.bool("AuthorizationCacheEnabled"));

  settings.onChange(function (key: string, value: string) {
    if (halted) return;
    if (key === "HeartbeatInterval") {
      const s = parseInt(value, 10);
      if (s !== client.heartbeatInterval()) client.setHeartbeatInterval(s);
    } else if (key === "WebSocketPingInterval") link.setPingInterval(parseInt(value, 10));
    else if (key === "AuthorizationKey") link.setAuthorizationKey(unitKey());
    else if (key === "AuthorizationCacheEnabled" && o.cache) o.cache.setEnabled(value === "true");
  });

  client.onOnlineChange(function (online: boolean) {
    if (halted) return;
    // The BootNotification answer sets the heartbeat interval: GetConfiguration shows it.
    if (online && client.heartbeatInterval() !== settings.int("HeartbeatInterval")) {
      settings.change("HeartbeatInterval", String(client.heartbeatInterval()));
    }
    backend.onlineChanged(online);
  });

  client.handle("SendLocalList", sendLocalListHandler({ list: o.list, settings: settings, applied: refreshListLength, log: log }));
  client.handle("GetLocalListVersion", getLocalListVersionHandler(o.list, settings));
  client.handle("ChangeConfiguration", changeConfigurationHandler(settings));
  client.handle("GetConfiguration", getConfigurationHandler(settings));
  client.handle("RemoteStartTransaction", remoteStartTransactionHandler(backend));
  client.handle("RemoteStopTransaction", remoteStopTransactionHandler(backend));
  client.handle("ClearCache", clearCacheHandler(o.cache, settings, log));
  client.handle("ChangeAvailability", changeAvailabilityHandler(availability));
  client.handle("Reset", resetHandler(backend));
  client.handle("TriggerMessage", triggerMessageHandler({
    boot: function () {
      client.bootNow();
    },
    heartbeat: function () {
      client.heartbeatNow();
    },
    status: function (c: number | undefined) {
      backend.triggerStatus(c);
    },
    canSendMeterValues: function () {
      return backend.canSendMeterValues();
    },
    meterValues: function (c: number | undefined) {
      backend.triggerMeterValues(c);
    },
  }, clock));
  client.handle("UnlockConnector", unlockConnectorHandler());
  client.handle("DataTransfer", dataTransferHandler());

  const halt = function () {
    if (halted) return;
    halted = true;
    backend.halt();
    link.stop();
    link.restart("halted");
  };

  return {
    link: link,
    rpc: rpc,
    client: client,
    backend: backend,
    queue: queue,
    availability: availability,
    sessionList: listForSession(o.list, settings),
    start: function () {
      link.start();
    },
    halt: halt,
    deferredReboot: function (reboot: (hard: boolean) => void) {
      return function (hard: boolean) {
        const until = clock.now() + (hard ? HARD_RESET_GRACE_MS : SOFT_RESET_FLUSH_MS);
        const finish = function () {
          link.stop();
          clock.after(CLOSE_GRACE_MS, function () {
            halt();
            reboot(hard);
          });
        };
        const poll = function () {
          const flushed = !client.isOnline() || (queue.count() === 0 && !backend.sender.busy());
          if (clock.now() >= until || (!hard && flushed)) finish();
          else clock.after(POLL_MS, poll);
        };
        clock.after(hard ? HARD_RESET_GRACE_MS : 0, poll);
      };
    },
  };
}
