import { FlashStorage } from "../../hal/storage";
import { Checksum } from "../persist/checksum";
import { putU16, putU32 } from "../persist/bytes";
import { CODE_COUNT, codeSlot, keyLength } from "./id-tag-key";
import { INFO_EXPIRY, INFO_PARENT, INFO_STATUS } from "./tag-record";
import {
  BASE_BLOCK, BASE_COMMIT, BASE_FORMAT, BASE_HEADER, BASE_MAGIC0, BASE_MAGIC1, MAX_PARENTS, PARENT_SLOT,
  SECTION_BYTES, SECTION_EXPIRY, baseDataBytes, baseFileBytes, baseRecordSize, parentWidthFor,
} from "./base-file";

/** Codes in sort order, indexed by slot (the inverse of codeSlot). */
const SLOT_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0x44, 0x47, 0x4a];

/**
 * Entries in key order, one at a time (the fields describe the current entry). Sources hold no
 * per-entry objects: they walk flash or an already-parsed message.
 */
export interface SortedSource {
  /** Back to the start; re-reads any flash views (files may have moved). */
  rewind(): void;
  next(): boolean;
  code: number;
  keyView: Uint8Array;
  keyAt: number;
  /** Status plus INFO_EXPIRY / INFO_PARENT. */
  info: number;
  expiry: number;
  /** With INFO_PARENT: an index among the kept parents (>= 0), or -1 and `parentName`. */
  parentIndex: number;
  parentName: string;
}

/** What a new base file will hold: computed by a first pass over the source. */
export class BasePlan {
  readonly secCount = new Uint32Array(CODE_COUNT);
  readonly secFlags = new Uint8Array(CODE_COUNT);
  /** Parents added after the kept ones, and their indexes (keys prefixed so no name is special). */
  newParents: string[] = [];
  parentIndex: { [k: string]: number } = {};
  keptParents = 0;
  count = 0;
  sections = 0;
  parentWidth = 0;
  dataBytes = 0;
  fileBytes = 0;

  /** Walks `src` once and sizes the file. Returns false if there would be too many distinct parents. */
  plan(src: SortedSource, keptParents: number): boolean {
    this.keptParents = keptParents;
    src.rewind();
    while (src.next()) {
      const slot = codeSlot(src.code);
      this.secCount[slot] = (this.secCount[slot] as number) + 1;
      if (src.info & INFO_EXPIRY) this.secFlags[slot] = (this.secFlags[slot] as number) | SECTION_EXPIRY;
      if ((src.info & INFO_PARENT) && src.parentIndex < 0) {
        const k = "p" + src.parentName;
        if (this.parentIndex[k] === undefined) {
          this.parentIndex[k] = keptParents + this.newParents.length;
          this.newParents.push(src.parentName);
        }
      }
      this.count++;
    }
    const parents = keptParents + this.newParents.length;
    if (parents > MAX_PARENTS) return false;
    this.parentWidth = parentWidthFor(parents);
    let recordBytes = 0;
    for (let s = 0; s < CODE_COUNT; s++) {
      if (this.secCount[s] === 0) continue;
      this.sections++;
      recordBytes += (this.secCount[s] as number) * baseRecordSize(SLOT_CODES[s] as number, this.parentWidth, this.secFlags[s] as number);
    }
    this.dataBytes = baseDataBytes(this.sections, parents, recordBytes);
    this.fileBytes = baseFileBytes(this.dataBytes);
    return true;
  }
}

/** Writes the data region in 512-byte blocks; each block's crc goes to its slot in the crc table. */
class BlockStream {
  private readonly buf = new Uint8Array(BASE_BLOCK);
  private fill = 0;
  private block = 0;
  private readonly crc = new Uint8Array(4);

  constructor(private readonly storage: FlashStorage, private readonly name: string,
    private readonly tableAt: number, private readonly checksum: Checksum) {}

  put(src: Uint8Array, from: number, n: number): void {
    for (let i = 0; i < n; i++) {
      this.buf[this.fill++] = src[from + i] as number;
      if (this.fill === BASE_BLOCK) this.flush();
    }
  }

  flush(): void {
    if (this.fill === 0) return;
    const data = this.buf.subarray(0, this.fill);
    this.storage.write(this.name, data, BASE_HEADER + this.block * BASE_BLOCK);
    putU32(this.crc, 0, this.checksum(data));
    this.storage.write(this.name, this.crc, this.tableAt + 4 * this.block);
    this.block++;
    this.fill = 0;
  }
}

export interface BaseMeta {
  gen: number;
  version: number;
  timeS: number;
}

/**
 * Writes a complete base file `name` from `src` as planned, committing it with its last write.
 * `keptParents` (the first plan.keptParents parent slots) are copied from `keptFrom()`.
 */
export function writeBase(storage: FlashStorage, name: string, plan: BasePlan, meta: BaseMeta, src: SortedSource,
  keptFrom: (() => { view: Uint8Array; at: number }) | undefined, checksum: Checksum): void {
  const parents = plan.keptParents + plan.newParents.length;
  const h = new Uint8Array(BASE_HEADER);
  h[0] = BASE_MAGIC0;
  h[1] = BASE_MAGIC1;
  h[2] = BASE_FORMAT;
  h[3] = plan.parentWidth;
  putU32(h, 4, meta.gen);
  putU32(h, 8, meta.version);
  putU32(h, 12, plan.count);
  putU32(h, 16, meta.timeS);
  putU16(h, 20, parents);
  h[22] = plan.sections;
  h[23] = 9; // log2 of the block size
  putU32(h, 24, plan.dataBytes);
  putU32(h, 32, checksum(h.subarray(0, 32)));
  storage.write(name, h, 0, plan.fileBytes);

  const tableAt = BASE_HEADER + plan.dataBytes;
  const out = new BlockStream(storage, name, tableAt, checksum);
  const tmp = new Uint8Array(32);
  for (let s = 0; s < CODE_COUNT; s++) {
    if (plan.secCount[s] === 0) continue;
    const code = SLOT_CODES[s] as number;
    tmp.fill(0, 0, SECTION_BYTES);
    tmp[0] = code;
    tmp[1] = baseRecordSize(code, plan.parentWidth, plan.secFlags[s] as number);
    tmp[2] = plan.secFlags[s] as number;
    putU32(tmp, 4, plan.secCount[s] as number);
    out.put(tmp, 0, SECTION_BYTES);
  }
  if (plan.keptParents > 0 && keptFrom) {
    const k = keptFrom();
    out.put(k.view, k.at, plan.keptParents * PARENT_SLOT);
  }
  for (let p = 0; p < plan.newParents.length; p++) {
    const name2 = plan.newParents[p] as string;
    tmp.fill(0, 0, PARENT_SLOT);
    tmp[0] = name2.length;
    for (let i = 0; i < name2.length; i++) tmp[1 + i] = name2.charCodeAt(i);
    out.put(tmp, 0, PARENT_SLOT);
  }
  // Records, section by section: the source is in key order and codes sort like slots.
  src.rewind();
  while (src.next()) {
    const code = src.code;
    const n = keyLength(code);
    const flags = plan.secFlags[codeSlot(code)] as number;
    let at = 0;
    for (let i = 0; i < n; i++) tmp[at++] = src.keyView[src.keyAt + i] as number;
    tmp[at++] = src.info & (INFO_STATUS | INFO_EXPIRY | INFO_PARENT);
    let parent = 0;
    if (src.info & INFO_PARENT) parent = src.parentIndex >= 0 ? src.parentIndex : (plan.parentIndex["p" + src.parentName] as number);
    if (plan.parentWidth === 1) tmp[at++] = parent;
    else if (plan.parentWidth === 2) {
      putU16(tmp, at, parent);
      at += 2;
    }
    if (flags & SECTION_EXPIRY) {
      putU32(tmp, at, src.info & INFO_EXPIRY ? src.expiry : 0);
      at += 4;
    }
    out.put(tmp, 0, at);
  }
  out.flush();

  const blocks = Math.ceil(plan.dataBytes / BASE_BLOCK);
  const written = storage.read(name) as Uint8Array;
  const trailer = new Uint8Array(5);
  putU32(trailer, 0, checksum(written.subarray(tableAt, tableAt + 4 * blocks)));
  trailer[4] = BASE_COMMIT;
  storage.write(name, trailer, tableAt + 4 * blocks);
}
