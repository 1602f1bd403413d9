/**
 * Unknown-card lockout: after `limit` taps of unknown cards within UNKNOWN_WINDOW_MS, unknown cards
 * are ignored for LOCKOUT_MS (listed cards still work). This stops UID guessing with emulators.
 * Pure functions over plain data, so the session state can hold it.
 */
export const UNKNOWN_WINDOW_MS = 60000;
export const LOCKOUT_MS = 60000;

export interface LockoutData {
  /** Times (ms) of recent unknown taps, oldest first, at most `limit`. */
  taps: number[];
  /** Unknown cards are ignored until then. */
  until?: number;
}

export function isLockedOut(d: LockoutData, now: number): boolean {
  return d.until !== undefined && now < d.until;
}

/** Records one unknown tap (not locked out) and returns the new data. */
export function recordUnknownTap(d: LockoutData, now: number, limit: number): LockoutData {
  if (limit <= 0) return { taps: [] };
  const taps: number[] = [];
  for (let i = 0; i < d.taps.length; i++) {
    const t = d.taps[i] as number;
    if (now - t < UNKNOWN_WINDOW_MS) taps.push(t);
  }
  taps.push(now);
  if (taps.length >= limit) return { taps: [], until: now + LOCKOUT_MS };
  return { taps: taps };
}
