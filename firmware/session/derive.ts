import { Policy } from "./policy";
import { SessionState } from "./state";
import { ConnectorErrorCode, ConnectorStatus, isPilotFault } from "./status";

/**
 * Everything the outside sees is computed from the state here, never set from event handlers:
 * the contactor command, the pilot PWM, the OCPP status and its error code.
 */

/** A fault that stops energy: a latched weld, a pilot fault (E/F), an internal error. */
export function energyFault(s: SessionState): boolean {
  return s.weldLatched || s.internalFault || isPilotFault(s.vehicle);
}

/**
 * A dead reader is a fault for new authorizations only: shown when authorization is required and
 * no session runs or waits for the vehicle. It never stops a running session.
 */
export function readerFaultShown(s: SessionState, p: Policy): boolean {
  return !s.readerOk && p.authorizationRequired && s.tx === undefined && s.phase !== "authorized";
}

/** No new session may start: not yet known, a fault, or set Unavailable. */
export function blocked(s: SessionState): boolean {
  return !s.known || energyFault(s) || s.unavailable;
}

/** The session may draw energy if the vehicle asks: an authorized transaction, no fault, available. */
export function chargingAllowed(s: SessionState): boolean {
  return s.tx !== undefined && !s.tx.deauthorized && !blocked(s);
}

/** THE contactor rule: closed only while charging is allowed and the pilot is in state C. */
export function relayClosed(s: SessionState): boolean {
  return chargingAllowed(s) && s.vehicle === "C";
}

export function connectorStatus(s: SessionState, p: Policy): ConnectorStatus {
  if (!s.known) return "Unavailable";
  if (energyFault(s) || readerFaultShown(s, p)) return "Faulted";
  if (s.unavailable) return "Unavailable";
  if (s.tx !== undefined) {
    if (s.tx.deauthorized || s.vehicle === "D") return "SuspendedEVSE";
    return s.vehicle === "C" ? "Charging" : "SuspendedEV";
  }
  if ((s.pending !== undefined && s.pending.purpose === "start") || s.phase === "authorized" || s.phase === "waiting") {
    return "Preparing";
  }
  if (s.phase === "finishing") return "Finishing";
  return "Available";
}

export function connectorErrorCode(s: SessionState): ConnectorErrorCode {
  if (s.weldLatched) return "PowerSwitchFailure";
  if (s.internalFault) return "InternalError";
  if (isPilotFault(s.vehicle)) return "OtherError";
  if (!s.readerOk) return "ReaderFailure";
  return "NoError";
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/** The next time a `tick` has something to do, or undefined. */
export function nextDeadline(s: SessionState): number | undefined {
  let d = earliest(s.flashUntil, s.phaseUntil);
  if (s.pending !== undefined) d = earliest(d, s.pending.until);
  return earliest(d, s.meterDue);
}
