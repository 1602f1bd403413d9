import { FlashStorage } from "../../hal/storage";
import { getU16, getU32, bytesToString } from "../persist/bytes";
import { CODE_COUNT, compareKeys, keyLength } from "./id-tag-key";
import { BaseFile } from "./base-file";
import { SortedSource } from "./base-writer";
import { INFO_DELETE, INFO_EXPIRY, INFO_PARENT, INFO_PARENT_REF, INFO_STATUS, logRecordInfoAt } from "./tag-record";
import { TagIndex } from "./tag-index";
import { ROW, UpdateMessage } from "./update-message";

const SLOT_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0x44, 0x47, 0x4a];

/** The entries of a Full update, in key order (all of them carry idTagInfo). */
export class MessageSource implements SortedSource {
  code = 0;
  keyView: Uint8Array;
  keyAt = 0;
  info = 0;
  expiry = 0;
  parentIndex = -1;
  parentName = "";
  private i = 0;

  constructor(private readonly msg: UpdateMessage) {
    this.keyView = msg.rows;
  }

  rewind(): void {
    this.i = 0;
  }

  next(): boolean {
    const m = this.msg;
    if (this.i >= m.n) return false;
    const k = m.order[this.i++] as number;
    this.code = m.rows[k * ROW] as number;
    this.keyAt = k * ROW + 1;
    this.info = m.info[k] as number;
    this.expiry = m.expiry[k] as number;
    this.parentIndex = -1;
    this.parentName = m.parents[k] || "";
    return true;
  }
}

/** Sorts a typed array of numbers in place (heapsort: no recursion, no extra RAM). */
export function heapSort(a: Uint16Array, n: number, cmp: (x: number, y: number) => number): void {
  function sift(start: number, end: number): void {
    let root = start;
    for (;;) {
      let child = 2 * root + 1;
      if (child > end) return;
      if (child + 1 <= end && cmp(a[child] as number, a[child + 1] as number) < 0) child++;
      if (cmp(a[root] as number, a[child] as number) >= 0) return;
      const t = a[root] as number;
      a[root] = a[child] as number;
      a[child] = t;
      root = child;
    }
  }
  for (let s = (n >> 1) - 1; s >= 0; s--) sift(s, n - 1);
  for (let end = n - 1; end > 0; end--) {
    const t = a[0] as number;
    a[0] = a[end] as number;
    a[end] = t;
    sift(0, end - 1);
  }
}

/**
 * The current list (base file overlaid with the journal's newest record per key), in key order:
 * what a compaction writes into the next base. Parents of the base keep their indexes; inline
 * parents from the journal come out by name.
 */
export class MergeSource implements SortedSource {
  code = 0;
  keyView: Uint8Array = new Uint8Array(0);
  keyAt = 0;
  info = 0;
  expiry = 0;
  parentIndex = -1;
  parentName = "";
  private bv: Uint8Array | undefined;
  private jv: Uint8Array | undefined;
  private readonly order: Uint16Array;
  private readonly jn: number;
  private j = 0;
  private slot = 0;
  private bi = 0;

  constructor(private readonly storage: FlashStorage, private readonly base: BaseFile | undefined,
    private readonly journalName: string | undefined, index: TagIndex) {
    const jv = journalName ? storage.read(journalName) : undefined;
    let n = 0;
    this.order = new Uint16Array(jv ? index.keys : 0);
    if (jv) {
      for (let i = 0; i < index.slots.length; i++) if (index.slots[i] !== 0) this.order[n++] = index.slots[i] as number;
      heapSort(this.order, n, function (x, y) {
        return compareKeys(jv[x] as number, jv, x + 1, jv[y] as number, jv, y + 1);
      });
    }
    this.jn = n;
  }

  rewind(): void {
    this.bv = this.base ? this.storage.read(this.base.name) : undefined;
    this.jv = this.journalName ? this.storage.read(this.journalName) : undefined;
    this.j = 0;
    this.slot = 0;
    this.bi = 0;
  }

  /** Offset of the current base record, advancing over empty sections; -1 at the end. */
  private baseAt(): number {
    const base = this.base;
    if (!base || !this.bv) return -1;
    while (this.slot < CODE_COUNT && this.bi >= (base.secCount[this.slot] as number)) {
      this.slot++;
      this.bi = 0;
    }
    if (this.slot >= CODE_COUNT) return -1;
    return (base.secAt[this.slot] as number) + this.bi * (base.secSize[this.slot] as number);
  }

  next(): boolean {
    for (;;) {
      const bAt = this.baseAt();
      const jOff = this.j < this.jn ? (this.order[this.j] as number) : -1;
      if (bAt < 0 && jOff < 0) return false;
      const bCode = bAt < 0 ? 0 : (SLOT_CODES[this.slot] as number);
      const jv = this.jv as Uint8Array;
      let c: number;
      if (bAt < 0) c = 1;
      else if (jOff < 0) c = -1;
      else c = compareKeys(bCode, this.bv as Uint8Array, bAt, jv[jOff] as number, jv, jOff + 1);
      if (c < 0) {
        this.bi++;
        this.fromBase(bAt, bCode);
        return true;
      }
      if (c === 0) this.bi++;
      this.j++;
      if (this.fromJournal(jv, jOff)) return true;
    }
  }

  private fromBase(at: number, code: number): void {
    const b = this.bv as Uint8Array;
    const base = this.base as BaseFile;
    this.code = code;
    this.keyView = b;
    this.keyAt = at;
    this.info = (b[at + keyLength(code)] as number) & (INFO_STATUS | INFO_EXPIRY | INFO_PARENT);
    this.expiry = this.info & INFO_EXPIRY ? base.expiryOf(b, at, code) : 0;
    this.parentIndex = this.info & INFO_PARENT ? base.parentIndexOf(b, at, code) : -1;
  }

  /** False for a deletion (nothing to emit). */
  private fromJournal(jv: Uint8Array, off: number): boolean {
    let p = logRecordInfoAt(jv, off);
    const info = jv[p++] as number;
    if (info & INFO_DELETE) return false;
    this.code = jv[off] as number;
    this.keyView = jv;
    this.keyAt = off + 1;
    this.info = info & (INFO_STATUS | INFO_EXPIRY | INFO_PARENT);
    this.expiry = 0;
    if (info & INFO_EXPIRY) {
      this.expiry = getU32(jv, p);
      p += 4;
    }
    this.parentIndex = -1;
    if (info & INFO_PARENT) {
      if (info & INFO_PARENT_REF) this.parentIndex = getU16(jv, p);
      else this.parentName = bytesToString(jv, p + 1, p + 1 + (jv[p] as number));
    }
    return true;
  }
}
