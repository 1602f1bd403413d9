import { IdTagInfo } from "../authorization/id-tag-info";
import { ConnectorErrorCode, ConnectorStatus, StopReason } from "./status";

/**
 * How the session reaches the Central System. The OCPP layer implements it (Authorize,
 * StartTransaction, StopTransaction, StatusNotification, MeterValues, with its own offline queue);
 * tests use fakes that can be slow, offline or answer anything.
 *
 * Transactions are named by the charger's own `ref` (monotonic across reboots, persisted with the
 * session), because the OCPP transactionId is only known once StartTransaction.conf arrives,
 * possibly after a reboot or never. Contract:
 * - startTransaction/stopTransaction are at-least-once from the session: after a power cut the
 *   session re-issues the start of a transaction whose transactionId it never learnt, and the stop
 *   of the last stopped transaction. The backend ignores a start or stop for a ref it already has
 *   (refs only grow, so remembering the highest ref started and stopped is enough).
 * - A stop may come before the start was answered (offline); the backend sends it once it knows
 *   the transactionId, in order.
 */
export interface TxStartMessage {
  ref: number;
  connectorId: number;
  idTag: string;
  meterStart: number;
  /** UTC ms if the wall clock was known when the transaction started. */
  timestampEpochMs?: number;
}

export interface TxStopMessage {
  ref: number;
  /** Known if StartTransaction.conf came back before the stop. */
  transactionId?: number;
  idTag: string;
  meterStop: number;
  timestampEpochMs?: number;
  reason: StopReason;
}

export interface MeterSample {
  ref: number;
  transactionId?: number;
  connectorId: number;
  /** Energy.Active.Import.Register, Wh. */
  wh: number;
  timestampEpochMs?: number;
}

/** What the session calls. */
export interface Backend {
  /** Connects the session: answers, connectivity and Central System commands come back through it. */
  attach(session: BackendSession): void;
  isOnline(): boolean;
  /** False when one more transaction's Start and Stop could not be kept (offline queue full). */
  hasRoomForTransaction?(): boolean;
  /** Authorize.req. `done` runs once: the idTagInfo, or undefined if offline or failed. May be synchronous. */
  authorize(idTag: string, done: (info: IdTagInfo | undefined) => void): void;
  /** StartTransaction.req; the answer comes back as BackendSession.transactionStarted(ref, ...). */
  startTransaction(tx: TxStartMessage): void;
  stopTransaction(tx: TxStopMessage): void;
  statusNotification(connectorId: number, status: ConnectorStatus, errorCode: ConnectorErrorCode): void;
  meterValues(sample: MeterSample): void;
}

export interface TransactionView {
  ref: number;
  idTag: string;
  transactionId?: number;
  meterStart: number;
  startEpochMs?: number;
  /** Refused by the backend, energy withheld (StopTransactionOnInvalidId false). */
  deauthorized: boolean;
}

/** What the backend layer calls on the session (answers, connectivity, Central System commands). */
export interface BackendSession {
  onlineChanged(online: boolean): void;
  /** StartTransaction.conf for `ref` (even if it arrives after a reboot). */
  transactionStarted(ref: number, transactionId: number, info: IdTagInfo): void;
  /** RemoteStartTransaction for connector 1. */
  remoteStart(idTag: string): "Accepted" | "Rejected";
  /** RemoteStopTransaction. */
  remoteStop(transactionId: number): "Accepted" | "Rejected";
  /** ChangeAvailability for connector 1 (or 0): Inoperative stops a running session. */
  changeAvailability(operative: boolean): "Accepted" | "Rejected";
  /** Reset: stops a running session (HardReset/SoftReset), clears a latched fault, reboots. */
  reset(hard: boolean): "Accepted" | "Rejected";
  /** Tells the session that configuration keys changed (after ChangeConfiguration). */
  configurationChanged(): void;
  status(): ConnectorStatus;
  errorCode(): ConnectorErrorCode;
  transaction(): TransactionView | undefined;
  /** idTagInfo status of the last decision, "None" before any. */
  lastDecision(): string;
  /** False while set Unavailable by the operator (what connector 0 reports); true while booting. */
  isOperative(): boolean;
}
