import { IdTagInfo } from "../authorization/id-tag-info";
import { Policy } from "./policy";
import { SessionRecord, SessionState, StoppedTx, Tx } from "./state";
import { Vehicle } from "./status";

/** Everything that can happen to the session. Timeouts are `tick` events; deadlines are state. */
export type SessionEvent =
  | { type: "boot"; record?: SessionRecord; vehicle: Vehicle; feedbackClosed: boolean }
  | { type: "vehicle"; vehicle: Vehicle }
  /** A card was presented to the reader; `list`/`cache` are what the charger knows about it. */
  | { type: "card"; idTag: string; list?: IdTagInfo; cache?: IdTagInfo }
  /** Authorize.conf for request `reqId`; no info = offline, timed out or failed. */
  | { type: "authorizeAnswer"; reqId: number; info?: IdTagInfo }
  /** StartTransaction.conf for the transaction `ref`. */
  | { type: "txAnswer"; ref: number; transactionId: number; info: IdTagInfo }
  | { type: "online"; online: boolean }
  | { type: "reader"; healthy: boolean }
  | { type: "feedback"; closed: boolean }
  /** The contactor monitor saw the feedback closed while the coil was open, past the drop-out time. */
  | { type: "weld" }
  | { type: "remoteStart"; idTag: string; list?: IdTagInfo; cache?: IdTagInfo }
  | { type: "remoteStop"; transactionId: number }
  | { type: "availability"; operative: boolean }
  | { type: "reset"; hard: boolean }
  | { type: "internalFault"; detail: string }
  /** Policy (configuration) changed. */
  | { type: "config" }
  /** A deadline may have passed. */
  | { type: "tick" };

/** What the session asks the outside world to do. Relay, light, pilot and status are derived, not effects. */
export type Effect =
  | { kind: "authorize"; reqId: number; idTag: string }
  | { kind: "startTx"; tx: Tx }
  | { kind: "stopTx"; tx: StoppedTx }
  | { kind: "meterValues"; ref: number; transactionId?: number; wh: number; epochMs?: number }
  /** An idTagInfo from the backend, for the Authorization Cache (never for Local List ids). */
  | { kind: "remember"; idTag: string; info: IdTagInfo }
  | { kind: "reboot"; hard: boolean }
  | { kind: "log"; text: string };

/** The world at the moment of an event: time, meter, wall clock, configuration. */
export interface Env {
  now: number;
  energyWh: number;
  epochMs?: number;
  policy: Policy;
  /** false when the backend could not keep one more transaction's messages (queue full): no new session. */
  txRoom?: boolean;
}

export type Reply = "Accepted" | "Rejected";

export interface Transition {
  state: SessionState;
  effects: Effect[];
  /** Answer to remoteStart / remoteStop / availability / reset. */
  reply?: Reply;
}
