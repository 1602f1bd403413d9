// StatusNotification (OCPP 1.6 §4.9, §6.47): charger -> Central System. Not queued: after a
// reconnect the current status is sent, not the history.
import { formatIsoDateTime } from "../../time/iso8601";

/** ChargePointErrorCode values sent by this firmware (the session's, plus LocalListConflict). */
export type StatusErrorCode = string;

export function statusNotificationRequest(connectorId: number, status: string, errorCode: StatusErrorCode, epochMs: number | undefined): object {
  const p: any = { connectorId: connectorId, errorCode: errorCode, status: status };
  if (epochMs !== undefined) p.timestamp = formatIsoDateTime(epochMs);
  return p;
}
