import { Cancel, Clock } from "../../hal/clock";
import { AuthorizationCache } from "../authorization/authorization-cache";
import { IdTagInfo } from "../authorization/id-tag-info";
import { LocalAuthList } from "../authorization/local-list";
import { Settings } from "../config/settings";
import { Backend, BackendSession, MeterSample, TxStartMessage, TxStopMessage } from "../session/backend";
import { ConnectorErrorCode, ConnectorStatus } from "../session/status";
import { WallClock } from "../time/wall-clock";
import { AvailabilityScheduler } from "./availability";
import { CodedError } from "../../hal/coded-error";
import { contradictsList } from "./list-conflict";
import { OcppClient } from "./ocpp-client";
import { authorizeRequest, authorizeResult } from "./operations/Authorize";
import { meterValuesRequest } from "./operations/MeterValues";
import { statusNotificationRequest } from "./operations/StatusNotification";
import { TransactionQueue } from "./queue/transaction-queue";
import { TransactionSender } from "./queue/transaction-sender";
import { SessionRef } from "./session-ref";

export interface OcppBackendOptions {
  client: OcppClient;
  clock: Clock;
  wallClock: WallClock;
  settings: Settings;
  queue: TransactionQueue;
  list?: LocalAuthList;
  cache?: AuthorizationCache;
  /** How long an Authorize may take before the session is told "no answer" (default 5 s). */
  authorizeTimeoutMs?: number;
  /** Call timeout for transaction messages (default: the RPC's, 30 s). */
  transactionCallTimeoutMs?: number;
  log: (line: string) => void;
}

export const DEFAULT_AUTHORIZE_TIMEOUT_MS = 5000;

/**
 * The session's Backend over OCPP 1.6J.
 * - Authorize: sent at once if online (answer or `undefined` after the timeout); offline: an
 *   immediate `undefined`, so the session's offline rules decide without waiting.
 * - StartTransaction / StopTransaction / sampled MeterValues: into the flash queue
 *   (queue/transaction-queue.ts, its queue-full policy there), delivered in order once online
 *   (queue/transaction-sender.ts). Repeats of a ref the queue already has are ignored; a repeated
 *   start whose answer is known is answered again (the session may have lost it in a power cut).
 * - StatusNotification: the latest status per connector; while offline nothing is kept but the
 *   latest, which is sent after the reconnect (the current status, not the history). Connector 0
 *   (the charger) is reported after every connection: Available, or Unavailable when the operator set it so.
 * - Every idTagInfo in an Authorize, StartTransaction or StopTransaction answer updates the
 *   Authorization Cache, and one that contradicts the Local List sends
 *   StatusNotification(connector 0, LocalListConflict).
 */
export class OcppBackend implements Backend, SessionRef {
  private attached: BackendSession | undefined;
  readonly sender: TransactionSender;
  readonly availability: AvailabilityScheduler | undefined;
  private latest: { [connector: string]: string } = {};
  private sent: { [connector: string]: string } = {};
  private energy: (() => number) | undefined;
  private readonly o: OcppBackendOptions;
  /** LocalListConflict reports sent (tests, diagnostics). */
  conflicts = 0;

  constructor(options: OcppBackendOptions, availability?: AvailabilityScheduler) {
    this.o = options;
    this.availability = availability;
    const self = this;
    this.sender = new TransactionSender(options.client, options.clock, options.queue, {
      started: function (ref: number, transactionId: number, info: IdTagInfo, idTag: string) {
        self.idTagInfoReceived(idTag, info);
        if (self.attached) self.attached.transactionStarted(ref, transactionId, info);
      },
      stopped: function (idTag: string, info: IdTagInfo) {
        self.idTagInfoReceived(idTag, info);
      },
    }, {
      attempts: function () {
        return options.settings.int("TransactionMessageAttempts");
      },
      retryIntervalS: function () {
        return options.settings.int("TransactionMessageRetryInterval");
      },
      callTimeoutMs: options.transactionCallTimeoutMs,
      log: options.log,
    });
  }

  // ---- Backend

  attach(session: BackendSession): void {
    this.attached = session;
    if (this.availability) this.availability.check();
  }

  session(): BackendSession | undefined {
    return this.attached;
  }

  isOnline(): boolean {
    return this.o.client.isOnline();
  }

  authorize(idTag: string, done: (info: IdTagInfo | undefined) => void): void {
    if (!this.o.client.isOnline()) {
      done(undefined);
      return;
    }
    const timeoutMs = this.o.authorizeTimeoutMs || DEFAULT_AUTHORIZE_TIMEOUT_MS;
    let settled = false;
    const self = this;
    const timer: Cancel = this.o.clock.after(timeoutMs, function () {
      if (settled) return;
      settled = true;
      self.o.log("Authorize " + idTag + ": no answer within " + timeoutMs + " ms");
      done(undefined);
    });
    this.o.client.call("Authorize", authorizeRequest(idTag), function (err: CodedError | undefined, conf: any) {
      let info: IdTagInfo | undefined;
      if (!err) {
        info = authorizeResult(conf);
        self.idTagInfoReceived(idTag, info);
      } else self.o.log("Authorize " + idTag + " failed: " + err.code);
      if (settled) return;
      settled = true;
      timer();
      done(info);
    }, timeoutMs);
  }

  startTransaction(tx: TxStartMessage): void {
    const r = this.o.queue.addStart(tx);
    if (r === "repeat") {
      const known = this.o.queue.knownTransaction(tx.ref);
      if (known) {
        const self = this;
        this.o.clock.after(0, function () {
          if (self.attached) self.attached.transactionStarted(known.ref, known.transactionId, known.info);
        });
      }
      return;
    }
    this.sender.kick();
  }

  stopTransaction(tx: TxStopMessage): void {
    if (this.o.queue.addStop(tx) !== "repeat") this.sender.kick();
    if (this.availability) this.availability.check();
  }

  meterValues(sample: MeterSample): void {
    if (this.o.queue.addMeter(sample) === "queued") this.sender.kick();
  }

  statusNotification(connectorId: number, status: ConnectorStatus, errorCode: ConnectorErrorCode): void {
    this.latest[String(connectorId)] = status + "/" + errorCode;
    if (this.o.client.isOnline()) this.sendStatus(connectorId, status, errorCode);
    if (this.availability) this.availability.check();
  }

  // ---- beyond the interface

  /** False once a new transaction's Start and Stop would not both fit in flash (see TransactionQueue). */
  hasRoomForTransaction(): boolean {
    return this.o.queue.hasRoomForTransaction();
  }

  /** Transaction messages not yet confirmed by the backend. */
  queued(): number {
    return this.o.queue.count();
  }

  /** The energy register (Wh) for triggered MeterValues. */
  setEnergySource(fn: () => number): void {
    this.energy = fn;
  }

  /** Online state changed (the stack wires OcppClient.onOnlineChange here). */
  onlineChanged(online: boolean): void {
    this.sent = {};
    if (!online) this.sender.offline();
    if (this.attached) this.attached.onlineChanged(online);
    if (!online) return;
    this.sendStatus(0, this.connector0Status(), "NoError");
    // Anything the session reported while offline and has not just re-sent.
    for (const c in this.latest) {
      const v = this.latest[c] as string;
      if (this.sent[c] === v) continue;
      const slash = v.indexOf("/");
      this.sendStatus(parseInt(c, 10), v.substring(0, slash), v.substring(slash + 1));
    }
    this.sender.kick();
    if (this.availability) this.availability.check();
  }

  /** TriggerMessage StatusNotification: connector 0, 1, or both (undefined). */
  triggerStatus(connectorId: number | undefined): void {
    if (connectorId === undefined || connectorId === 0) this.sendStatus(0, this.connector0Status(), "NoError");
    if (connectorId === undefined || connectorId === 1) {
      const s = this.attached;
      if (s) this.sendStatus(1, s.status(), s.errorCode());
    }
  }

  canSendMeterValues(): boolean {
    return this.energy !== undefined;
  }

  /** TriggerMessage MeterValues: the register now, sent directly (not a queued transaction message). */
  triggerMeterValues(connectorId: number | undefined): void {
    if (!this.energy) return;
    const now = this.o.wallClock.nowEpochMs();
    if (now === undefined) return;
    const c = connectorId === undefined ? 1 : connectorId;
    const tx = this.attached && c === 1 ? this.attached.transaction() : undefined;
    const payload = meterValuesRequest(c, tx ? tx.transactionId : undefined, this.energy(), Math.floor(now / 1000), "Trigger");
    const self = this;
    this.o.client.call("MeterValues", payload, function (err: CodedError | undefined) {
      if (err) self.o.log("triggered MeterValues failed: " + err.code);
    });
  }

  halt(): void {
    this.sender.halt();
  }

  // ---- internals

  private connector0Status(): string {
    const s = this.attached;
    // the unit's availability, not connector 1's "Unavailable" of the first moments after boot
    return s && !s.isOperative() ? "Unavailable" : "Available";
  }

  private sendStatus(connectorId: number, status: string, errorCode: string): void {
    const key = status + "/" + errorCode;
    this.sent[String(connectorId)] = key;
    const self = this;
    this.o.client.call("StatusNotification", statusNotificationRequest(connectorId, status, errorCode, this.o.wallClock.nowEpochMs()), function (err: CodedError | undefined) {
      if (err) self.o.log("StatusNotification " + connectorId + " " + key + " failed: " + err.code);
    });
  }

  /** Cache update and Local List conflict check for an idTagInfo from the backend. */
  private idTagInfoReceived(idTag: string, info: IdTagInfo): void {
    const o = this.o;
    const listOn = o.settings.bool("LocalAuthListEnabled");
    const listed = listOn && o.list ? o.list.lookup(idTag) : undefined;
    if (listed !== undefined) {
      if (contradictsList(listed, info)) {
        this.conflicts++;
        o.log("LocalListConflict: " + idTag + " is " + listed.status + " in the list, " + info.status + " for the backend");
        if (o.client.isOnline()) this.sendStatus(0, this.connector0Status(), "LocalListConflict");
      }
      return; // idTags of the Local List are not cached (OCPP 1.6 §3.5.1)
    }
    if (!o.cache || idTag.toUpperCase() === o.settings.text("FreeVendIdTag").toUpperCase()) return;
    try {
      o.cache.remember(idTag, info);
    } catch (e) {
      o.log("cache: " + (e as Error).message);
    }
  }
}
