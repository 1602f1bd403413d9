import { AuthorizationStatus, IdTagInfo } from "./id-tag-info";
import { Policy } from "../session/policy";
import { effectiveStatus } from "./id-tag";

/** What the charger knows about an idTag without asking: its Local List entry and its cache entry. */
export interface LocalKnowledge {
  list?: IdTagInfo;
  cache?: IdTagInfo;
}

/** accept / reject now, or ask the backend (Authorize.req). */
export type Verdict = "accept" | "reject" | "ask";

export interface Decision {
  verdict: Verdict;
  /** The idTagInfo status behind the verdict (Invalid for an offline refusal of an unknown id). */
  status: AuthorizationStatus;
  parentIdTag?: string;
}

function decision(verdict: Verdict, status: AuthorizationStatus, parentIdTag?: string): Decision {
  return { verdict: verdict, status: status, parentIdTag: parentIdTag };
}

export function isUnknown(k: LocalKnowledge): boolean {
  return k.list === undefined && k.cache === undefined;
}

/**
 * The decision order (OCPP 1.6 §3.5, §4.1): the Local List first, then the Authorization Cache,
 * then the backend; offline, LocalAuthorizeOffline and AllowOfflineTxForUnknownId decide.
 * - A list entry that is not Accepted, or has expired, is rejected at once (the list is the
 *   operator's word; it is never overridden by asking).
 * - A usable list or cache entry starts at once when LocalPreAuthorize is set (online) or
 *   LocalAuthorizeOffline is set (offline); online without LocalPreAuthorize it is asked.
 * - A cache entry that is not usable is asked when online (§3.5.3 "SHOULD trigger an
 *   Authorize.req") and rejected offline.
 * - An unknown id is asked online; offline it starts only with AllowOfflineTxForUnknownId.
 * `online` false also serves as the fallback when Authorize timed out or failed.
 */
export function decideLocally(k: LocalKnowledge, online: boolean, p: Policy, nowS: number | undefined): Decision {
  if (k.list !== undefined) {
    const st = effectiveStatus(k.list, nowS);
    if (st !== "Accepted") return decision("reject", st, k.list.parentIdTag);
    if (online) return p.localPreAuthorize ? decision("accept", st, k.list.parentIdTag) : decision("ask", st, k.list.parentIdTag);
    return p.localAuthorizeOffline ? decision("accept", st, k.list.parentIdTag) : decision("reject", "Invalid", k.list.parentIdTag);
  }
  if (k.cache !== undefined) {
    const st = effectiveStatus(k.cache, nowS);
    if (online) {
      return st === "Accepted" && p.localPreAuthorize ? decision("accept", st, k.cache.parentIdTag) : decision("ask", st, k.cache.parentIdTag);
    }
    if (st !== "Accepted") return decision("reject", st, k.cache.parentIdTag);
    return p.localAuthorizeOffline ? decision("accept", st, k.cache.parentIdTag) : decision("reject", "Invalid", k.cache.parentIdTag);
  }
  if (online) return decision("ask", "Invalid");
  return p.allowOfflineTxForUnknownId ? decision("accept", "Accepted") : decision("reject", "Invalid");
}

/** The decision from the backend's Authorize.conf. */
export function decideFromAnswer(info: IdTagInfo, nowS: number | undefined): Decision {
  const st = effectiveStatus(info, nowS);
  return decision(st === "Accepted" ? "accept" : "reject", st, info.parentIdTag);
}

/** The usable knowledge about an id: list entry first (it has priority), else the cache entry. */
export function bestKnown(k: LocalKnowledge): IdTagInfo | undefined {
  return k.list !== undefined ? k.list : k.cache;
}
