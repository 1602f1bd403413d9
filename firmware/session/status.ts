/** OCPP 1.6 ChargePointStatus values a connector can take here (no reservations). */
export type ConnectorStatus =
  | "Available"
  | "Preparing"
  | "Charging"
  | "SuspendedEV"
  | "SuspendedEVSE"
  | "Finishing"
  | "Unavailable"
  | "Faulted";

/** OCPP 1.6 ChargePointErrorCode values this firmware reports. */
export type ConnectorErrorCode = "NoError" | "PowerSwitchFailure" | "ReaderFailure" | "InternalError" | "OtherError";

/** OCPP 1.6 StopTransaction reasons this firmware uses. */
export type StopReason =
  | "Local"
  | "Remote"
  | "EVDisconnected"
  | "DeAuthorized"
  | "PowerLoss"
  | "HardReset"
  | "SoftReset"
  | "Other";

/** IEC 61851-1 control pilot states, as seen by the charger (debounced). */
export type Vehicle = "A" | "B" | "C" | "D" | "E" | "F";

/** A vehicle is connected (B: connected, C: requesting energy, D: requesting with ventilation). */
export function isPlugged(v: Vehicle): boolean {
  return v === "B" || v === "C" || v === "D";
}

/** E (pilot shorted / no supply) and F (pilot at -12 V) are faults on the pilot line. */
export function isPilotFault(v: Vehicle): boolean {
  return v === "E" || v === "F";
}
