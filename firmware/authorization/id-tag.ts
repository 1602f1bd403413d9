import { AuthorizationStatus, IdTagInfo } from "./id-tag-info";

/** idTags are CiString20: equal regardless of letter case (OCPP 1.6 §3.9). */
export function sameIdTag(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a === b || a.toUpperCase() === b.toUpperCase();
}

/**
 * The status an entry stands for now: its own, or Expired once its expiry has passed.
 * Without a known wall-clock time (`nowS` undefined) nothing can be judged expired.
 */
export function effectiveStatus(info: IdTagInfo, nowS: number | undefined): AuthorizationStatus {
  if (info.status !== "Accepted") return info.status;
  if (info.expiresAt !== undefined && nowS !== undefined && info.expiresAt <= nowS) return "Expired";
  return "Accepted";
}

export function isUsable(info: IdTagInfo | undefined, nowS: number | undefined): boolean {
  return info !== undefined && effectiveStatus(info, nowS) === "Accepted";
}

/** A service partner's card: usable, with parentIdTag equal to ServiceGroupIdTag. */
export function isServiceCard(info: IdTagInfo | undefined, serviceGroupIdTag: string, nowS: number | undefined): boolean {
  return serviceGroupIdTag.length > 0 && info !== undefined && isUsable(info, nowS) &&
    sameIdTag(info.parentIdTag, serviceGroupIdTag);
}

/** Two idTags are in the same group when their parentIdTags match (OCPP 1.6 §3.10). */
export function sameGroup(info: IdTagInfo | undefined, sessionParent: string | undefined, nowS: number | undefined): boolean {
  return info !== undefined && isUsable(info, nowS) && sessionParent !== undefined && sessionParent.length > 0 &&
    sameIdTag(info.parentIdTag, sessionParent);
}
