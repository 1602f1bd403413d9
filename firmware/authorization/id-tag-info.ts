/** OCPP 1.6 AuthorizationStatus (idTagInfo.status). */
export type AuthorizationStatus = "Accepted" | "Blocked" | "Expired" | "Invalid" | "ConcurrentTx";

/**
 * What the charger knows about an idTag (OCPP idTagInfo), in the firmware's own units:
 * `expiresAt` is UTC epoch seconds (absent = no end date).
 */
export interface IdTagInfo {
  status: AuthorizationStatus;
  expiresAt?: number;
  parentIdTag?: string;
}
