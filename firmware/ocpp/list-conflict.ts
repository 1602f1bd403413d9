import { AuthorizationStatus, IdTagInfo } from "../authorization/id-tag-info";

/** ConcurrentTx is an Accepted idTag already in use: for the list it counts as Accepted. */
function effective(status: AuthorizationStatus): AuthorizationStatus {
  return status === "ConcurrentTx" ? "Accepted" : status;
}

/**
 * True if a backend answer contradicts the Local Authorization List entry for the same idTag
 * (OCPP 1.6 §3.5.2: report StatusNotification errorCode LocalListConflict on connector 0).
 * `listed` is the list's answer as judged now (an entry past its expiryDate reads Expired), so an
 * answer "Expired" for an entry that has just expired is no conflict. Only the status is compared:
 * a different expiryDate or parentIdTag with the same status is not reported.
 */
export function contradictsList(listed: IdTagInfo, answer: IdTagInfo): boolean {
  return effective(listed.status) !== effective(answer.status);
}
