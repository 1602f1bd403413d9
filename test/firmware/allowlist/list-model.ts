// A plain in-memory Local Authorization List with the store's semantics, for comparison in tests.
import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";
import { AuthorizationData, UpdateStatus } from "../../../firmware/authorization/local-list";
import { FlashLocalAuthList } from "../../../firmware/allowlist/flash-local-list";

const STATUSES = ["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"];

export function canonical(idTag: string): string {
  return idTag.toUpperCase();
}

function validTag(t: string): boolean {
  return typeof t === "string" && t.length >= 1 && t.length <= 20 && /^[\x20-\x7e]+$/.test(t);
}

function validInfo(i: IdTagInfo): boolean {
  if (!STATUSES.includes(i.status)) return false;
  if (i.expiresAt !== undefined && (typeof i.expiresAt !== "number" || Number.isNaN(i.expiresAt))) return false;
  if (i.parentIdTag !== undefined && !validTag(i.parentIdTag)) return false;
  return true;
}

function stored(i: IdTagInfo): IdTagInfo {
  const o: IdTagInfo = { status: i.status };
  if (i.expiresAt !== undefined) o.expiresAt = i.expiresAt <= 0 ? 0 : Math.min(Math.floor(i.expiresAt), 0xffffffff);
  if (i.parentIdTag !== undefined) o.parentIdTag = i.parentIdTag;
  return o;
}

export class ListModel {
  entries = new Map<string, IdTagInfo>();
  version = 0;

  constructor(public cap: number) {}

  clone(): ListModel {
    const m = new ListModel(this.cap);
    m.version = this.version;
    for (const [k, v] of this.entries) m.entries.set(k, { ...v });
    return m;
  }

  update(listVersion: number, type: "Full" | "Differential", data: AuthorizationData[]): UpdateStatus {
    if (!Number.isInteger(listVersion) || listVersion < 0 || listVersion > 0x7fffffff) return "Failed";
    if (type === "Differential" && listVersion <= this.version) return "VersionMismatch";
    const seen = new Set<string>();
    for (const e of data) {
      if (!validTag(e.idTag)) return "Failed";
      if (e.idTagInfo ? !validInfo(e.idTagInfo) : type === "Full") return "Failed";
      const k = canonical(e.idTag);
      if (seen.has(k)) return "Failed";
      seen.add(k);
    }
    const next = type === "Full" ? new Map<string, IdTagInfo>() : new Map(this.entries);
    for (const e of data) {
      if (e.idTagInfo) next.set(canonical(e.idTag), stored(e.idTagInfo));
      else next.delete(canonical(e.idTag));
    }
    if (next.size > this.cap) return "Failed";
    if (type === "Full" && next.size > 0 && listVersion === 0) return "Failed";
    this.entries = next;
    this.version = next.size === 0 ? 0 : listVersion;
    return "Accepted";
  }

  /** What lookup() must return with the clock at `nowS` (undefined = unknown clock, floor given). */
  lookup(idTag: string, nowS: number | undefined, floorS = 0): IdTagInfo | undefined {
    const e = this.entries.get(canonical(idTag));
    if (!e) return undefined;
    const o = { ...e };
    const limit = nowS === undefined ? Math.max(floorS, 1735689600) : nowS;
    if (o.expiresAt !== undefined && (o.status === "Accepted" || o.status === "ConcurrentTx") && o.expiresAt <= limit) o.status = "Expired";
    return o;
  }

  sorted(): [string, IdTagInfo][] {
    return [...this.entries.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}

/** The store's full content, sorted by idTag, as [idTag, info] pairs. */
export function contentOf(list: FlashLocalAuthList): [string, IdTagInfo][] {
  const out: [string, IdTagInfo][] = [];
  list.forEach((t, i) => out.push([t, i]));
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** A fixed pool of idTags: UIDs of 4, 7, 10 bytes and text tags (some look almost like hex). */
export const POOL: string[] = [
  "04A1B2C3", "DEADBEEF", "0A0B0C0D", "11223344", "CAFEBABE", "00000000", "FFFFFFFF", "12AB34CD",
  "04A1B2C3D4E5F6", "0411223344556F", "04FFEEDDCCBBAA", "04000000000001", "0400000000000A", "04ABCDEF012345",
  "04A1B2C3D4E5F6A7B8C9", "0102030405060708090A",
  "card-001", "Mobile000001", "X", "0411223344556G", "emaid DE*ABC*12345", "04a1b2c3d4",
];

/** UIDs that no test ever puts in the list. */
export const NEVER: string[] = ["04C0FFEE", "BADC0DE5", "04DEAD0000BEEF", "04FACE00112233", "A1A2A3A4A5A6A7A8A9A0", "stranger"];

export function flipCase(s: string, mask: number): string {
  let o = "";
  for (let i = 0; i < s.length; i++) o += (mask >> (i % 20)) & 1 ? s[i]!.toLowerCase() : s[i]!.toUpperCase();
  return o;
}
