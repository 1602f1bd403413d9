import { AuthorizationData } from "../authorization/local-list";
import { KEY_MAX, compareKeys, encodeIdTag } from "./id-tag-key";
import { INFO_DELETE, INFO_EXPIRY, INFO_PARENT, statusCode, storedExpiry, validParent } from "./tag-record";

/** Bytes per normalized key row: [code][20 key bytes]. */
export const ROW = 1 + KEY_MAX;

/**
 * One SendLocalList message, checked and normalized once: keys as bytes (case folded), entries in
 * key order. Its arrays are as long as the message, which is in RAM anyway.
 */
export class UpdateMessage {
  n = 0;
  rows: Uint8Array = new Uint8Array(0);
  info: Uint8Array = new Uint8Array(0);
  expiry: Uint32Array = new Uint32Array(0);
  /** The entries' parentIdTag strings (references into the message, not copies). */
  parents: (string | undefined)[] = [];
  /** Entry numbers in key order. */
  order: number[] = [];
  /** Why the message was refused ("" if it is fine). */
  error = "";

  /** Checks and normalizes; false (with `error`) for bad input, which then changes nothing. */
  parse(entries: AuthorizationData[], full: boolean): boolean {
    if (!entries || typeof entries.length !== "number") return this.refuse("entries is not a list");
    const n = entries.length;
    this.n = n;
    this.rows = new Uint8Array(n * ROW);
    this.info = new Uint8Array(n);
    this.expiry = new Uint32Array(n);
    this.parents = [];
    this.order = [];
    for (let k = 0; k < n; k++) {
      const e = entries[k];
      if (!e || typeof e.idTag !== "string") return this.refuse("entry " + k + ": no idTag");
      const code = encodeIdTag(e.idTag, this.rows, k * ROW + 1);
      if (code === 0) return this.refuse("entry " + k + ": idTag is not 1..20 printable characters");
      this.rows[k * ROW] = code;
      const t = e.idTagInfo;
      this.parents.push(undefined);
      this.order.push(k);
      if (!t) {
        if (full) return this.refuse("entry " + k + ": a Full update needs idTagInfo");
        this.info[k] = INFO_DELETE;
        continue;
      }
      const s = statusCode(t.status);
      if (s < 0) return this.refuse("entry " + k + ": unknown status " + t.status);
      let info = s;
      if (t.expiresAt !== undefined) {
        const x = storedExpiry(t.expiresAt);
        if (x !== x) return this.refuse("entry " + k + ": expiresAt is not a number");
        this.expiry[k] = x;
        info |= INFO_EXPIRY;
      }
      if (t.parentIdTag !== undefined) {
        if (!validParent(t.parentIdTag)) return this.refuse("entry " + k + ": parentIdTag is not 1..20 printable characters");
        this.parents[k] = t.parentIdTag;
        info |= INFO_PARENT;
      }
      this.info[k] = info;
    }
    const rows = this.rows;
    this.order.sort(function (a, b) {
      return compareKeys(rows[a * ROW] as number, rows, a * ROW + 1, rows[b * ROW] as number, rows, b * ROW + 1);
    });
    for (let i = 1; i < n; i++) {
      const a = this.order[i - 1] as number;
      const b = this.order[i] as number;
      if (compareKeys(rows[a * ROW] as number, rows, a * ROW + 1, rows[b * ROW] as number, rows, b * ROW + 1) === 0) {
        return this.refuse("idTag listed twice: entries " + Math.min(a, b) + " and " + Math.max(a, b));
      }
    }
    return true;
  }

  private refuse(why: string): boolean {
    this.error = why;
    return false;
  }
}
