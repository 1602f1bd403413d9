/**
 * idTags as compact, case-insensitive keys.
 *
 * A key is a "code" plus up to 20 bytes:
 * - hex card UIDs of 4, 7 or 10 bytes (8, 14 or 20 hex digits, any case): code 0x44, 0x47, 0x4A and
 *   the UID bytes, byte 0 first (so "04a1b2c3" and "04A1B2C3" are the same key);
 * - any other idTag of 1..20 printable ASCII characters: code = its length, and its characters in
 *   upper case (OCPP CiString20: compared case-insensitively).
 * Keys sort by code, then bytes; within one code every key has the same length.
 */
export const KEY_MAX = 20;
export const UID_CODE = 0x40;

/** Section codes in sort order (text lengths 1..20, then UIDs of 4, 7, 10 bytes). */
export const CODE_COUNT = 23;

export function codeSlot(code: number): number {
  if (code >= 1 && code <= KEY_MAX) return code - 1;
  if (code === 0x44) return 20;
  if (code === 0x47) return 21;
  if (code === 0x4a) return 22;
  return -1;
}

export function keyLength(code: number): number {
  return code > KEY_MAX ? code & 0x3f : code;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Writes the key of `idTag` to out[at..at+20) and returns its code, or 0 if the string is not a
 * valid idTag (empty, longer than 20, or a character outside printable ASCII).
 */
export function encodeIdTag(idTag: string, out: Uint8Array, at: number): number {
  const n = idTag.length;
  if (n < 1 || n > KEY_MAX) return 0;
  let hex = n === 8 || n === 14 || n === 20;
  for (let i = 0; i < n; i++) {
    const c = idTag.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return 0;
    if (hex && hexValue(c) < 0) hex = false;
  }
  if (hex) {
    for (let i = 0; i < n; i += 2) out[at + i / 2] = hexValue(idTag.charCodeAt(i)) * 16 + hexValue(idTag.charCodeAt(i + 1));
    return UID_CODE | (n / 2);
  }
  for (let i = 0; i < n; i++) {
    const c = idTag.charCodeAt(i);
    out[at + i] = c >= 97 && c <= 122 ? c - 32 : c;
  }
  return n;
}

const HEX = "0123456789ABCDEF";

/** The canonical idTag of a key (upper-case hex for UIDs, upper-case text otherwise). */
export function decodeIdTag(code: number, b: Uint8Array, at: number): string {
  const n = keyLength(code);
  let s = "";
  for (let i = 0; i < n; i++) {
    const v = b[at + i] as number;
    s += code > KEY_MAX ? HEX.charAt(v >> 4) + HEX.charAt(v & 15) : String.fromCharCode(v);
  }
  return s;
}

/** Orders (codeA, a[ai..]) against (codeB, b[bi..]): negative, 0 or positive. */
export function compareKeys(codeA: number, a: Uint8Array, ai: number, codeB: number, b: Uint8Array, bi: number): number {
  if (codeA !== codeB) return codeA - codeB;
  const n = keyLength(codeA);
  for (let i = 0; i < n; i++) {
    const d = (a[ai + i] as number) - (b[bi + i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** 24-bit hash of a key (for the RAM index of a log). */
export function hashKey(code: number, b: Uint8Array, at: number): number {
  // Products stay below 2^31 so the arithmetic is exact on a 32-bit interpreter.
  let h = code * 0x3b9;
  const n = keyLength(code);
  for (let i = 0; i < n; i++) {
    h = ((h ^ (b[at + i] as number)) * 0x6b) & 0xffffff;
    h ^= h >> 13;
  }
  h = (h * 0x5d) & 0xffffff;
  return h ^ (h >> 12);
}
