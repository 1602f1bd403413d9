import { IdTagInfo } from "../authorization/id-tag-info";
import { StopReason, Vehicle } from "./status";

/**
 * Where connector 1 is in a charging session (the OCPP status is derived from this and the facts):
 * - idle: no vehicle, nothing authorized;
 * - waiting: vehicle plugged in, authorization required and not given (plug-first, ConnectionTimeOut);
 * - authorized: authorized, waiting for the vehicle (tap-first or remote start, ConnectionTimeOut);
 * - tx: a transaction runs;
 * - finishing: vehicle still plugged in after a transaction, or after the plug-first wait ran out.
 */
export type Phase = "idle" | "waiting" | "authorized" | "tx" | "finishing";

export interface Tx {
  /** The charger's own transaction number (monotonic across reboots): the backend maps it to transactionId. */
  ref: number;
  idTag: string;
  parentIdTag?: string;
  meterStart: number;
  startEpochMs?: number;
  transactionId?: number;
  /** StartTransaction.conf was not Accepted and StopTransactionOnInvalidId is false: no energy. */
  deauthorized: boolean;
}

export interface StoppedTx extends Tx {
  meterStop: number;
  stopEpochMs?: number;
  reason: StopReason;
}

/** Why an Authorize.req is out: a new session, a stop by another card, or clearing a fault. */
export type PendingPurpose = "start" | "stop" | "service";

export interface PendingAuth {
  reqId: number;
  idTag: string;
  purpose: PendingPurpose;
  remote: boolean;
  /** What was known locally, for the offline rules if the backend does not answer. */
  list?: IdTagInfo;
  cache?: IdTagInfo;
  /** For purpose "stop": the transaction the card wants to stop. */
  txRef?: number;
  until: number;
}

export interface SessionState {
  /** False from boot until the record is read and the pilot has settled: the relay stays open. */
  known: boolean;
  vehicle: Vehicle;
  online: boolean;
  readerOk: boolean;
  /** The relay's auxiliary contact reads closed. */
  feedbackClosed: boolean;
  /** A welded contact was seen: latched (and persisted) until cleared by a service card or a reset. */
  weldLatched: boolean;
  /** The firmware could not do its job (e.g. storage failed): cleared by a reset. */
  internalFault: boolean;
  /** Set by the operator (ChangeAvailability); persisted. */
  unavailable: boolean;
  phase: Phase;
  /** phase "authorized": who. */
  authIdTag?: string;
  authParentIdTag?: string;
  /** phase "waiting"/"authorized": ConnectionTimeOut deadline. */
  phaseUntil?: number;
  tx?: Tx;
  /** The last transaction stopped: kept (persisted) so its StopTransaction can be re-issued after a cut. */
  lastStop?: StoppedTx;
  /** StartTransaction answers that arrived while booting (applied once the record is read; not persisted). */
  earlyAnswers?: { type: "txAnswer"; ref: number; transactionId: number; info: IdTagInfo }[];
  pending?: PendingAuth;
  /** Transient decision feedback on the light. */
  flashAccepted?: boolean;
  flashUntil?: number;
  /** idTagInfo status of the last decision, "None" before any. */
  lastDecision: string;
  lockoutTaps: number[];
  lockedUntil?: number;
  nextReqId: number;
  nextTxRef: number;
  /** Meter register (Wh) as last persisted (transaction start/stop, sampled meter values). */
  savedWh: number;
  meterDue?: number;
}

/** The persisted part of the state (one atomic record). */
export interface SessionRecord {
  v: number;
  nextTxRef: number;
  savedWh: number;
  unavailable: boolean;
  weldLatched: boolean;
  tx?: Tx;
  lastStop?: StoppedTx;
}

export const RECORD_VERSION = 1;

export function initialState(): SessionState {
  return {
    known: false,
    vehicle: "A",
    online: false,
    readerOk: true,
    feedbackClosed: false,
    weldLatched: false,
    internalFault: false,
    unavailable: false,
    phase: "idle",
    lastDecision: "None",
    lockoutTaps: [],
    nextReqId: 1,
    nextTxRef: 1,
    savedWh: 0,
  };
}

export function recordOf(s: SessionState): SessionRecord {
  return {
    v: RECORD_VERSION,
    nextTxRef: s.nextTxRef,
    savedWh: s.savedWh,
    unavailable: s.unavailable,
    weldLatched: s.weldLatched,
    tx: s.tx,
    lastStop: s.lastStop,
  };
}
