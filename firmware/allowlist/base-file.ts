import { IdTagInfo } from "../authorization/id-tag-info";
import { Checksum } from "../persist/checksum";
import { getU16, getU32, bytesToString } from "../persist/bytes";
import { CODE_COUNT, codeSlot, keyLength } from "./id-tag-key";
import { INFO_EXPIRY, INFO_PARENT, INFO_STATUS, PARENT_MAX, statusName } from "./tag-record";

/**
 * The base file: the whole list, sorted, in fixed-size records, read in place.
 *
 *   header (40 B)   'A''L', format, parent index width, generation, list version, entry count,
 *                   time of the newest change (epoch s, 0 = unknown), parent count, section count,
 *                   data bytes, header crc
 *   sections        per key code present: code, record size, flags (bit 0: records carry an expiry),
 *                   entry count (8 B each; codes ascending)
 *   parents         the distinct parentIdTags, 21 B each ([length][20 characters])
 *   records         per section, sorted by key: [key][info][parent index, 0-2 B][expiresAt u32?]
 *   crc table       crc32 of every 512-byte block of sections + parents + records
 *   trailer         crc32 of the crc table, then the commit mark 0x5A (written last)
 *
 * A lookup is a binary search in one section: O(log N) records read, no RAM per entry.
 * At boot every block is checked (`verify`). A file whose checks fail while its commit mark is
 * still 0xFF was cut short by a power loss (never committed); otherwise it is corrupt.
 */
export const BASE_MAGIC0 = 0x41;
export const BASE_MAGIC1 = 0x4c;
export const BASE_FORMAT = 1;
export const BASE_HEADER = 40;
export const SECTION_BYTES = 8;
export const PARENT_SLOT = 1 + PARENT_MAX;
export const BASE_BLOCK = 512;
export const BASE_TRAILER = 5;
export const SECTION_EXPIRY = 1;
export const MAX_PARENTS = 65535;
export const BASE_COMMIT = 0x5a;

export const FILE_ABSENT = 0;
export const FILE_VALID = 1;
export const FILE_TORN = 2;
export const FILE_CORRUPT = 3;

export function baseRecordSize(code: number, parentWidth: number, sectionFlags: number): number {
  return keyLength(code) + 1 + parentWidth + (sectionFlags & SECTION_EXPIRY ? 4 : 0);
}

export function parentWidthFor(parents: number): number {
  return parents === 0 ? 0 : parents <= 256 ? 1 : 2;
}

/** Bytes of the data region (sections + parents + records). */
export function baseDataBytes(sections: number, parents: number, recordBytes: number): number {
  return sections * SECTION_BYTES + parents * PARENT_SLOT + recordBytes;
}

/** Total file size for a data region of `dataBytes`. */
export function baseFileBytes(dataBytes: number): number {
  return BASE_HEADER + dataBytes + 4 * Math.ceil(dataBytes / BASE_BLOCK) + BASE_TRAILER;
}

/** The parsed header of one base file (a handful of numbers; the records stay in flash). */
export class BaseFile {
  name: string;
  gen = 0;
  version = 0;
  count = 0;
  timeS = 0;
  parentWidth = 0;
  parents = 0;
  sections = 0;
  dataBytes = 0;
  parentsAt = 0;
  /** Per code slot: where its records start (absolute), how many, record size, flags; count 0 = absent. */
  readonly secAt = new Uint32Array(CODE_COUNT);
  readonly secCount = new Uint32Array(CODE_COUNT);
  readonly secSize = new Uint8Array(CODE_COUNT);
  readonly secFlags = new Uint8Array(CODE_COUNT);
  /** Records read from flash by lookups. */
  reads = 0;

  constructor(name: string) {
    this.name = name;
  }

  /** Reads the header and section table of `b` (call only after `verify` says FILE_VALID). */
  parse(b: Uint8Array): void {
    this.gen = getU32(b, 4);
    this.version = getU32(b, 8);
    this.count = getU32(b, 12);
    this.timeS = getU32(b, 16);
    this.parents = getU16(b, 20);
    this.sections = b[22] as number;
    this.parentWidth = b[3] as number;
    this.dataBytes = getU32(b, 24);
    this.secCount.fill(0);
    let at = BASE_HEADER + this.sections * SECTION_BYTES + this.parents * PARENT_SLOT;
    this.parentsAt = BASE_HEADER + this.sections * SECTION_BYTES;
    for (let s = 0; s < this.sections; s++) {
      const e = BASE_HEADER + s * SECTION_BYTES;
      const slot = codeSlot(b[e] as number);
      this.secAt[slot] = at;
      this.secSize[slot] = b[e + 1] as number;
      this.secFlags[slot] = b[e + 2] as number;
      this.secCount[slot] = getU32(b, e + 4);
      at += (b[e + 1] as number) * getU32(b, e + 4);
    }
  }

  /** Absolute offset of the record with this key, or -1. Binary search; counts records read. */
  find(b: Uint8Array, code: number, key: Uint8Array, keyAt: number): number {
    const slot = codeSlot(code);
    if (slot < 0) return -1;
    const size = this.secSize[slot] as number;
    const base = this.secAt[slot] as number;
    const n = keyLength(code);
    let lo = 0;
    let hi = (this.secCount[slot] as number) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = base + mid * size;
      this.reads++;
      let d = 0;
      for (let i = 0; i < n && d === 0; i++) d = (b[at + i] as number) - (key[keyAt + i] as number);
      if (d === 0) return at;
      if (d < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  parentAt(b: Uint8Array, index: number): string | undefined {
    if (index >= this.parents) return undefined;
    const at = this.parentsAt + index * PARENT_SLOT;
    return bytesToString(b, at + 1, at + 1 + (b[at] as number));
  }

  /** Index of a parentIdTag in the table (exact match), or -1. */
  findParent(b: Uint8Array, name: string): number {
    const n = name.length;
    for (let p = 0; p < this.parents; p++) {
      const at = this.parentsAt + p * PARENT_SLOT;
      if (b[at] !== n) continue;
      let i = 0;
      while (i < n && b[at + 1 + i] === name.charCodeAt(i)) i++;
      if (i === n) return p;
    }
    return -1;
  }

  /** Parent index of the record at `at` (-1: none). */
  parentIndexOf(b: Uint8Array, at: number, code: number): number {
    const p = at + keyLength(code);
    if (((b[p] as number) & INFO_PARENT) === 0) return -1;
    return this.parentWidth === 1 ? (b[p + 1] as number) : getU16(b, p + 1);
  }

  /** Expiry of the record (NaN: none). */
  expiryOf(b: Uint8Array, at: number, code: number): number {
    const p = at + keyLength(code);
    if (((b[p] as number) & INFO_EXPIRY) === 0) return NaN;
    return getU32(b, p + 1 + this.parentWidth);
  }

  /** The IdTagInfo of the record at `at` (a section of `code`). */
  info(b: Uint8Array, at: number, code: number): IdTagInfo {
    const p = at + keyLength(code);
    const info = b[p] as number;
    const out: IdTagInfo = { status: statusName(info & INFO_STATUS) };
    if (info & INFO_EXPIRY) out.expiresAt = getU32(b, p + 1 + this.parentWidth);
    if (info & INFO_PARENT) {
      const parent = this.parentAt(b, this.parentIndexOf(b, at, code));
      if (parent !== undefined) out.parentIdTag = parent;
    }
    return out;
  }
}

function fail(reason: string): { state: number; reason: string } {
  return { state: FILE_CORRUPT, reason: reason };
}

/**
 * Checks a base file completely: header, section table, every block crc, the trailer.
 * FILE_VALID, FILE_TORN (never committed: a power cut while it was written) or FILE_CORRUPT.
 */
export function verifyBase(b: Uint8Array, checksum: Checksum): { state: number; reason: string } {
  const r = checkBase(b, checksum);
  if (r.state === FILE_VALID) return r;
  if (b.length < BASE_TRAILER || b[b.length - 1] === 0xff) return { state: FILE_TORN, reason: "incomplete (" + r.reason + ")" };
  return r;
}

function checkBase(b: Uint8Array, checksum: Checksum): { state: number; reason: string } {
  if (b.length < BASE_HEADER + BASE_TRAILER) return fail("file too short");
  if (b[0] !== BASE_MAGIC0 || b[1] !== BASE_MAGIC1 || b[2] !== BASE_FORMAT) return fail("bad magic");
  if (checksum(b.subarray(0, 32)) !== getU32(b, 32)) return fail("header checksum");
  const dataBytes = getU32(b, 24);
  if (baseFileBytes(dataBytes) !== b.length) return fail("size does not match header");
  const blocks = Math.ceil(dataBytes / BASE_BLOCK);
  const tableAt = BASE_HEADER + dataBytes;
  const trailerAt = tableAt + 4 * blocks;
  if (checksum(b.subarray(tableAt, trailerAt)) !== getU32(b, trailerAt)) return fail("crc table checksum");
  const commit = b[trailerAt + 4];
  if (commit !== BASE_COMMIT && commit !== 0xff) return fail("bad commit mark");
  for (let k = 0; k < blocks; k++) {
    const from = BASE_HEADER + k * BASE_BLOCK;
    const to = Math.min(from + BASE_BLOCK, tableAt);
    if (checksum(b.subarray(from, to)) !== getU32(b, tableAt + 4 * k)) return fail("checksum of block " + k);
  }
  // Structure (cannot fail on a file this code wrote; guards against a writer bug).
  const sections = b[22] as number;
  const parents = getU16(b, 20);
  const pw = b[3] as number;
  if (pw !== parentWidthFor(parents)) return fail("parent width");
  let total = 0;
  let prev = 0;
  let bytes = 0;
  for (let s = 0; s < sections; s++) {
    const e = BASE_HEADER + s * SECTION_BYTES;
    const code = b[e] as number;
    if (codeSlot(code) < 0 || code <= prev) return fail("section table");
    if (b[e + 1] !== baseRecordSize(code, pw, b[e + 2] as number)) return fail("record size");
    prev = code;
    total += getU32(b, e + 4);
    bytes += (b[e + 1] as number) * getU32(b, e + 4);
  }
  if (total !== getU32(b, 12)) return fail("entry count");
  if (baseDataBytes(sections, parents, bytes) !== dataBytes) return fail("data size");
  for (let p = 0; p < parents; p++) {
    const len = b[BASE_HEADER + sections * SECTION_BYTES + p * PARENT_SLOT] as number;
    if (len < 1 || len > PARENT_MAX) return fail("parent table");
  }
  return { state: FILE_VALID, reason: "" };
}

/** Generation in a base file's header if the header itself is intact, else -1. */
export function baseGeneration(b: Uint8Array, checksum: Checksum): number {
  if (b.length < BASE_HEADER || b[0] !== BASE_MAGIC0 || b[1] !== BASE_MAGIC1) return -1;
  if (checksum(b.subarray(0, 32)) !== getU32(b, 32)) return -1;
  return getU32(b, 4);
}

