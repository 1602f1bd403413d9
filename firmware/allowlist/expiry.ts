import { IdTagInfo } from "../authorization/id-tag-info";

/** Where "now" comes from: a WallClock (undefined until the backend has set the time). */
export interface EpochClock {
  nowEpochS(): number | undefined;
}

/** 2025-01-01T00:00:00Z: this firmware cannot be running earlier, so anything older has passed. */
export const EARLIEST_NOW_S = 1735689600;

/**
 * Turns an Accepted (or ConcurrentTx) entry whose expiry has passed into Expired.
 *
 * While the wall clock is unknown (after a reboot with no backend), the entry is judged against
 * `floorS`: the newest time the store knows has already passed (when it last received data from
 * the backend; never earlier than EARLIEST_NOW_S). An entry that had expired by then is Expired; one that was still valid
 * then is returned as it is stored, so a driver whose card was valid at the last sync can still
 * charge offline. The transaction is reported when the backend is back, and the backend can still
 * refuse it (StopTransactionOnInvalidId). The expiry stays in the result for callers that want a
 * stricter rule.
 */
export function judgeExpiry(info: IdTagInfo, clock: EpochClock | undefined, floorS: number): IdTagInfo {
  if (info.expiresAt === undefined || (info.status !== "Accepted" && info.status !== "ConcurrentTx")) return info;
  if (info.expiresAt <= expiryLimit(clock, floorS)) info.status = "Expired";
  return info;
}

/** An expiry at or before this time (epoch s) has passed: now, or the floor while the clock is unknown. */
export function expiryLimit(clock: EpochClock | undefined, floorS: number): number {
  const now = clock ? clock.nowEpochS() : undefined;
  return now === undefined ? Math.max(floorS, EARLIEST_NOW_S) : now;
}

/** A time to store with a change (epoch s), 0 when the clock is unknown. */
export function stampNow(clock: EpochClock | undefined): number {
  const now = clock ? clock.nowEpochS() : undefined;
  return now === undefined || now < 0 ? 0 : Math.min(Math.floor(now), 0xffffffff);
}
