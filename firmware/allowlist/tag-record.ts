import { AuthorizationStatus, IdTagInfo } from "../authorization/id-tag-info";
import { getU16, getU32, putU16, putU32, bytesToString } from "../persist/bytes";
import { keyLength } from "./id-tag-key";

/**
 * The info byte shared by every record format, and the variable-length "log record" used by the
 * list's journal and by the authorization cache:
 *   [code][key bytes][info][expiresAt u32 if INFO_EXPIRY][parent if INFO_PARENT]
 * where the parent is either an index (u16) into the base file's parent table (INFO_PARENT_REF) or
 * inline: [length][characters]. INFO_DELETE marks a deletion (nothing follows the info byte).
 */
export const INFO_STATUS = 0x07;
export const INFO_EXPIRY = 0x08;
export const INFO_PARENT = 0x10;
export const INFO_PARENT_REF = 0x20;
export const INFO_DELETE = 0x80;

export const PARENT_MAX = 20;
/** Largest log record: code, 20 key bytes, info, expiry, inline parent of 20. */
export const LOG_RECORD_MAX = 1 + 20 + 1 + 4 + 1 + PARENT_MAX;

const STATUSES: AuthorizationStatus[] = ["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"];

export function statusCode(status: string): number {
  for (let i = 0; i < STATUSES.length; i++) if (STATUSES[i] === status) return i;
  return -1;
}

export function statusName(code: number): AuthorizationStatus {
  return STATUSES[code] || "Invalid";
}

/** Epoch seconds as stored (u32; earlier than 1970 counts as 0). NaN for a value that is not a number. */
export function storedExpiry(expiresAt: number): number {
  if (typeof expiresAt !== "number" || expiresAt !== expiresAt) return NaN;
  if (expiresAt <= 0) return 0;
  if (expiresAt >= 0xffffffff) return 0xffffffff;
  return Math.floor(expiresAt);
}

/** True if `s` is a parentIdTag we can keep: 1..20 printable ASCII characters. */
export function validParent(s: string): boolean {
  if (typeof s !== "string" || s.length < 1 || s.length > PARENT_MAX) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Bytes of the log record at b[at]. */
export function logRecordSize(b: Uint8Array, at: number): number {
  const info = b[at + 1 + keyLength(b[at] as number)] as number;
  let n = 2 + keyLength(b[at] as number);
  if (info & INFO_DELETE) return n;
  if (info & INFO_EXPIRY) n += 4;
  if (info & INFO_PARENT) n += info & INFO_PARENT_REF ? 2 : 1 + (b[at + n] as number);
  return n;
}

/** Size a log record would have. */
export function logRecordBytes(code: number, info: number, parentInline: string | undefined): number {
  let n = 2 + keyLength(code);
  if (info & INFO_DELETE) return n;
  if (info & INFO_EXPIRY) n += 4;
  if (info & INFO_PARENT) n += info & INFO_PARENT_REF ? 2 : 1 + (parentInline as string).length;
  return n;
}

/** Writes a log record to out[at..]; returns the offset after it. */
export function writeLogRecord(out: Uint8Array, at: number, code: number, key: Uint8Array, keyAt: number,
  info: number, expiry: number, parentRef: number, parentInline: string | undefined): number {
  const n = keyLength(code);
  out[at++] = code;
  for (let i = 0; i < n; i++) out[at++] = key[keyAt + i] as number;
  out[at++] = info;
  if (info & INFO_DELETE) return at;
  if (info & INFO_EXPIRY) {
    putU32(out, at, expiry);
    at += 4;
  }
  if (info & INFO_PARENT) {
    if (info & INFO_PARENT_REF) {
      putU16(out, at, parentRef);
      at += 2;
    } else {
      const p = parentInline as string;
      out[at++] = p.length;
      for (let i = 0; i < p.length; i++) out[at++] = p.charCodeAt(i);
    }
  }
  return at;
}

/** Offset of the info byte of the log record at b[at]. */
export function logRecordInfoAt(b: Uint8Array, at: number): number {
  return at + 1 + keyLength(b[at] as number);
}

/** Where referenced parents live (the base file's parent table). */
export interface ParentTable {
  parentAt(view: Uint8Array, index: number): string | undefined;
}

/**
 * The IdTagInfo of a log record (undefined for a deletion). A referenced parent is resolved in
 * `parents` (read from `parentsView`).
 */
export function readLogRecord(b: Uint8Array, at: number, parents: ParentTable | undefined, parentsView: Uint8Array | undefined): IdTagInfo | undefined {
  let p = logRecordInfoAt(b, at);
  const info = b[p++] as number;
  if (info & INFO_DELETE) return undefined;
  const out: IdTagInfo = { status: statusName(info & INFO_STATUS) };
  if (info & INFO_EXPIRY) {
    out.expiresAt = getU32(b, p);
    p += 4;
  }
  if (info & INFO_PARENT) {
    if (info & INFO_PARENT_REF) out.parentIdTag = parents && parentsView ? parents.parentAt(parentsView, getU16(b, p)) : undefined;
    else out.parentIdTag = bytesToString(b, p + 1, p + 1 + (b[p] as number));
    if (out.parentIdTag === undefined) delete out.parentIdTag;
  }
  return out;
}
