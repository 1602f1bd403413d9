// How a Central System brings a whole list onto a charger whose SendLocalListMaxLength is smaller
// than the list (Node-only; tests and benchmarks play the Central System with it): a Full message
// with the first chunk, then Differential messages with the rest, each with the next listVersion,
// the last one carrying the list's own version. If the connection is lost part-way, the Central
// System asks GetLocalListVersion and resumes after the last chunk the charger applied (a version
// outside the plan: start again with the Full message).

export interface WireEntry {
  idTag: string;
  idTagInfo?: { status: string; expiryDate?: string; parentIdTag?: string };
}

export interface SyncMessage {
  listVersion: number;
  updateType: "Full" | "Differential";
  localAuthorizationList: WireEntry[];
}

/** The messages for a full list of `entries` ending at `finalVersion` (>= the number of chunks). */
export function planFullSync(entries: WireEntry[], maxPerMessage: number, finalVersion: number): SyncMessage[] {
  if (maxPerMessage < 1) throw new Error("SendLocalListMaxLength must be at least 1");
  const chunks = Math.max(1, Math.ceil(entries.length / maxPerMessage));
  if (finalVersion < chunks) throw new Error(`list version ${finalVersion} is too small for ${chunks} chunks`);
  const out: SyncMessage[] = [];
  for (let k = 0; k < chunks; k++) {
    out.push({
      listVersion: finalVersion - chunks + 1 + k,
      updateType: k === 0 ? "Full" : "Differential",
      localAuthorizationList: entries.slice(k * maxPerMessage, (k + 1) * maxPerMessage),
    });
  }
  return out;
}

/** Index of the next message to send, given the charger's GetLocalListVersion answer. */
export function resumeIndex(plan: SyncMessage[], chargerVersion: number): number {
  const first = plan[0]!.listVersion;
  if (chargerVersion < first || chargerVersion > plan[plan.length - 1]!.listVersion) return 0;
  return chargerVersion - first + 1;
}

/** `n` cards as a backend would list them: 7-byte UIDs, some with an expiry date or a group. */
export function sampleCards(n: number, seed = 1): WireEntry[] {
  const out: WireEntry[] = [];
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  for (let i = 0; i < n; i++) {
    const uid = "04" + next().toString(16).padStart(8, "0").toUpperCase() + i.toString(16).padStart(4, "0").toUpperCase();
    const info: WireEntry["idTagInfo"] = { status: i % 50 === 7 ? "Blocked" : "Accepted" };
    if (i % 10 === 3) info.expiryDate = new Date(Date.UTC(2027, i % 12, 1 + (i % 28))).toISOString();
    if (i % 10 === 5) info.parentIdTag = "FLEET" + (i % 8);
    out.push({ idTag: uid, idTagInfo: info });
  }
  return out;
}
