import { FlashStorage, STORAGE_HEADER_BYTES } from "../../hal/storage";
import { IdTagInfo } from "../authorization/id-tag-info";
import { AuthorizationCache } from "../authorization/authorization-cache";
import { Checksum, softwareCrc32 } from "../persist/checksum";
import { getU32, putU32 } from "../persist/bytes";
import { BLOCK_HEAD, BLOCK_OVERHEAD, BlockBuffer, LOG_CORRUPT, LOG_TORN, blockLength, scanLog } from "../persist/block-log";
import {
  HEADER_CORRUPT, HEADER_OK, HEADER_TORN, HEADER_UNCOMMITTED, LOG_COMMIT, LOG_COMMIT_AT, LOG_HEADER, checkLogHeader,
  logGeneration, makeLogHeader,
} from "../persist/log-file";
import { KEY_MAX, decodeIdTag, encodeIdTag, keyLength } from "../allowlist/id-tag-key";
import { EpochClock, expiryLimit, judgeExpiry, stampNow } from "../allowlist/expiry";
import { heapSort } from "../allowlist/sources";
import { TagIndex } from "../allowlist/tag-index";
import {
  INFO_DELETE, INFO_EXPIRY, INFO_PARENT, INFO_STATUS, LOG_RECORD_MAX, logRecordBytes, logRecordInfoAt, logRecordSize,
  readLogRecord, statusCode, storedExpiry, validParent, writeLogRecord,
} from "../allowlist/tag-record";
import { codedError } from "../../hal/coded-error";

/**
 * The OCPP Authorization Cache (1.6 §3.5.1) in flash.
 *
 * One fixed-size log file (`ac.0` / `ac.1`, generation g in slot g & 1): every remembered answer is
 * appended as one checksummed block, so a power cut leaves the cache exactly as before or after it.
 * A fixed-size RAM index points at the newest record per idTag. When the file is full, the live
 * entries (oldest first) are copied into the other slot as the next generation, which only counts
 * once its header's commit mark is written; then the old file is erased. ClearCache starts a new,
 * empty generation the same way.
 *
 * - At most `capacity` entries. When full, a new idTag evicts the oldest not-valid entry (status
 *   other than Accepted/ConcurrentTx, or expired), else the oldest entry ("oldest" = least recently
 *   remembered).
 * - Never holds an idTag of the Local Authorization List: remember() drops it (and removes an older
 *   cached copy); lookup() ignores a cached entry whose idTag has since entered the list.
 * - lookup() turns an expired Accepted entry into Expired (same unknown-clock rule as the list,
 *   see allowlist/expiry.ts).
 * - Corrupt files are reported by health() and the cache starts empty: a cache may always forget.
 */
export interface CacheOptions {
  prefix?: string;
  clock?: EpochClock;
  checksum?: Checksum;
  /** Most entries (default 256). */
  capacity?: number;
  /** Size of the log file (bytes, at most 65535). */
  fileBytes?: number;
  /** The Local Authorization List (its idTags are never cached). */
  localList?: { lookup(idTag: string): IdTagInfo | undefined };
  /** AuthorizationCacheEnabled at boot (default true). */
  enabled?: boolean;
}

export type CacheHealthState = "ok" | "recovered" | "corrupt";

export const DEFAULT_CACHE_CAPACITY = 256;
export const DEFAULT_CACHE_FILE_BYTES = 16384 - STORAGE_HEADER_BYTES;
const CACHE_KIND = 0x43;
const CACHE_BLOCK = 512;
/** Block payload head: time (epoch s) of the change. */
const CACHE_HEAD = 4;

function indexSlotsFor(capacity: number): number {
  let n = 16;
  while ((n * 5) >> 3 < capacity + (capacity >> 2)) n *= 2;
  return n;
}

export class FlashAuthorizationCache implements AuthorizationCache {
  private readonly storage: FlashStorage;
  private readonly prefix: string;
  private readonly clock: EpochClock | undefined;
  private readonly checksum: Checksum;
  private readonly cap: number;
  private readonly fileBytes: number;
  private readonly localList: { lookup(idTag: string): IdTagInfo | undefined } | undefined;
  private readonly index: TagIndex;
  private readonly key = new Uint8Array(KEY_MAX);
  private readonly rec = new Uint8Array(LOG_RECORD_MAX);
  private enabled: boolean;

  /** Current file (undefined: none yet), its generation, where its content ends. */
  private name: string | undefined;
  private gen = 0;
  private maxGen = 0;
  private end = 0;
  private sealed = false;
  private live = 0;
  private timeS = 0;
  private state: { state: CacheHealthState; reason: string } = { state: "ok", reason: "" };

  constructor(storage: FlashStorage, options?: CacheOptions) {
    const o = options || {};
    this.storage = storage;
    this.prefix = o.prefix || "ac";
    this.clock = o.clock;
    this.checksum = o.checksum || softwareCrc32;
    this.cap = o.capacity || DEFAULT_CACHE_CAPACITY;
    this.fileBytes = o.fileBytes || DEFAULT_CACHE_FILE_BYTES;
    this.localList = o.localList;
    this.enabled = o.enabled === undefined ? true : o.enabled;
    this.index = new TagIndex(indexSlotsFor(this.cap));
    const worst = LOG_HEADER + Math.ceil(this.cap / Math.floor((CACHE_BLOCK - BLOCK_OVERHEAD - CACHE_HEAD) / LOG_RECORD_MAX)) * CACHE_BLOCK;
    if (this.fileBytes > 65535 || this.fileBytes < worst + CACHE_BLOCK || this.prefix.length > 24) {
      throw codedError("ARGS", "FlashAuthorizationCache: file of " + this.fileBytes + " bytes cannot hold " + this.cap + " entries (needs " + (worst + CACHE_BLOCK) + ")");
    }
    this.open();
  }

  // ---- AuthorizationCache ----

  lookup(idTag: string): IdTagInfo | undefined {
    if (!this.enabled || !this.name || typeof idTag !== "string") return undefined;
    const code = encodeIdTag(idTag, this.key, 0);
    if (code === 0) return undefined;
    const v = this.view();
    const off = this.index.find(v, code, this.key, 0);
    if (off === 0) return undefined;
    const info = readLogRecord(v, off, undefined, undefined);
    if (!info) return undefined;
    if (this.localList && this.localList.lookup(idTag) !== undefined) return undefined;
    return judgeExpiry(info, this.clock, this.timeS);
  }

  /**
   * Remembers a backend answer. Returns false if it was not stored: cache disabled, idTag in the
   * Local Authorization List, input that is not a valid idTag / idTagInfo, or no room in flash.
   */
  remember(idTag: string, info: IdTagInfo): boolean {
    try {
      return this.store(idTag, info);
    } catch (e) {
      if ((e as any).code === "FULL") return false;
      throw e;
    }
  }

  private store(idTag: string, info: IdTagInfo): boolean {
    if (!this.enabled || typeof idTag !== "string" || !info) return false;
    const code = encodeIdTag(idTag, this.key, 0);
    if (code === 0) return false;
    const status = statusCode(info.status);
    if (status < 0) return false;
    let flags = status;
    let expiry = 0;
    if (info.expiresAt !== undefined) {
      expiry = storedExpiry(info.expiresAt);
      if (expiry !== expiry) return false;
      flags |= INFO_EXPIRY;
    }
    if (info.parentIdTag !== undefined) {
      if (!validParent(info.parentIdTag)) return false;
      flags |= INFO_PARENT;
    }
    const inList = this.localList !== undefined && this.localList.lookup(idTag) !== undefined;
    const v = this.name ? this.view() : undefined;
    const old = v ? this.index.find(v, code, this.key, 0) : 0;
    const oldLive = old !== 0 && (((v as Uint8Array)[logRecordInfoAt(v as Uint8Array, old)] as number) & INFO_DELETE) === 0;
    if (inList) {
      if (oldLive) this.appendRecords(code, INFO_DELETE, 0, undefined, 0);
      return false;
    }
    const size = writeLogRecord(this.rec, 0, code, this.key, 0, flags, expiry, 0, info.parentIdTag);
    if (oldLive && logRecordSize(v as Uint8Array, old) === size) {
      let same = true;
      for (let i = 0; i < size && same; i++) same = (v as Uint8Array)[old + i] === this.rec[i];
      if (same) return true;
    }
    const victim = !oldLive && this.live >= this.cap ? this.chooseVictim() : 0;
    this.appendRecords(code, flags, expiry, info.parentIdTag, victim);
    return true;
  }

  /** ClearCache: erasing the file is one flash operation, so it happens completely or not at all. */
  clear(): void {
    for (let s = 0; s < 2; s++) {
      const n = this.fileName(s);
      if (n !== this.name && this.storage.read(n)) this.storage.erase(n);
    }
    if (this.name) this.storage.erase(this.name);
    this.name = undefined;
    this.sealed = false;
    this.index.clear();
    this.live = 0;
    this.end = 0;
    this.state = { state: "ok", reason: "" };
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
  }

  // ---- beyond the interface ----

  isEnabled(): boolean {
    return this.enabled;
  }

  count(): number {
    return this.live;
  }

  capacity(): number {
    return this.cap;
  }

  health(): { state: CacheHealthState; reason: string } {
    return { state: this.state.state, reason: this.state.reason };
  }

  /** Calls fn for every cached entry, oldest first (stored values; no expiry judgement). For tests. */
  forEach(fn: (idTag: string, info: IdTagInfo) => void): void {
    if (!this.name) return;
    const v = this.view();
    const offs = this.liveOffsets(v);
    for (let i = 0; i < offs.length; i++) {
      const o = offs[i] as number;
      fn(decodeIdTag(v[o] as number, v, o + 1), readLogRecord(v, o, undefined, undefined) as IdTagInfo);
    }
  }

  // ---- internals ----

  private fileName(slot: number): string {
    return this.prefix + "." + slot;
  }

  private view(): Uint8Array {
    return this.storage.read(this.name as string) as Uint8Array;
  }

  private note(state: CacheHealthState, reason: string): void {
    if (state === "corrupt" || this.state.state === "ok") this.state = { state: state, reason: reason };
  }

  private open(): void {
    const hs = [HEADER_TORN, HEADER_TORN];
    const gens = [-1, -1];
    let best = -1;
    for (let s = 0; s < 2; s++) {
      const b = this.storage.read(this.fileName(s));
      if (!b) {
        hs[s] = -1;
        continue;
      }
      hs[s] = checkLogHeader(b, CACHE_KIND, this.checksum);
      if (hs[s] === HEADER_OK || hs[s] === HEADER_UNCOMMITTED) {
        gens[s] = logGeneration(b);
        if ((gens[s] as number) > this.maxGen) this.maxGen = gens[s] as number;
      }
      if (hs[s] === HEADER_OK && b.length === this.fileBytes && (best < 0 || (gens[s] as number) > (gens[best] as number))) best = s;
    }
    for (let s = 0; s < 2; s++) {
      if (s === best || hs[s] === -1) continue;
      if (hs[s] === HEADER_CORRUPT) return this.fallBack(this.fileName(s) + ": bad header");
      if (hs[s] === HEADER_TORN) this.note("recovered", "interrupted cache file creation dropped");
      if (hs[s] !== HEADER_UNCOMMITTED) continue;
      if (best >= 0) {
        if ((gens[s] as number) > (gens[best] as number)) this.note("recovered", "interrupted cache compaction dropped");
        continue;
      }
      // Nothing committed besides it: the cut hit the last byte of a new file's header (or the mark
      // itself was damaged). Its blocks carry their own checksums, so it is used.
      if ((this.storage.read(this.fileName(s)) as Uint8Array).length === this.fileBytes) {
        best = s;
        this.note("recovered", "commit mark of " + this.fileName(s) + " missing");
      }
    }
    if (best < 0) return;
    this.name = this.fileName(best);
    this.gen = gens[best] as number;
    const v = this.view();
    const self = this;
    const scan = scanLog(v, LOG_HEADER, this.checksum, function (first, end) {
      self.indexGroup(v, first, end);
    });
    if (scan.state === LOG_CORRUPT) return this.fallBack(this.name + ": " + scan.reason);
    if (this.index.keys > this.index.maxKeys) return this.fallBack(this.name + ": more entries than its index holds");
    if (scan.state === LOG_TORN) {
      this.sealed = true;
      this.note("recovered", "interrupted cache update dropped");
    }
    this.end = scan.end;
  }

  private indexGroup(v: Uint8Array, first: number, end: number): void {
    let o = first;
    while (o < end) {
      const len = blockLength(v, o);
      const t = getU32(v, o + BLOCK_HEAD);
      if (t > this.timeS) this.timeS = t;
      let r = o + BLOCK_HEAD + CACHE_HEAD;
      const stop = o + len - 5;
      while (r < stop) {
        if (this.index.keys <= this.index.maxKeys) {
          const v0 = this.index.find(v, v[r] as number, v, r + 1);
          const wasLive = v0 !== 0 && ((v[logRecordInfoAt(v, v0)] as number) & INFO_DELETE) === 0;
          const isLive = ((v[logRecordInfoAt(v, r)] as number) & INFO_DELETE) === 0;
          this.index.put(v, r);
          this.live += (isLive ? 1 : 0) - (wasLive ? 1 : 0);
        }
        r += logRecordSize(v, r);
      }
      o += len;
    }
  }

  private fallBack(reason: string): void {
    this.name = undefined;
    this.index.clear();
    this.live = 0;
    this.note("corrupt", reason);
  }

  /** Offsets of the live (not deleted) newest records, oldest first. */
  private liveOffsets(v: Uint8Array): Uint16Array {
    const out = new Uint16Array(this.live);
    let n = 0;
    const slots = this.index.slots;
    for (let i = 0; i < slots.length; i++) {
      const o = slots[i] as number;
      if (o !== 0 && ((v[logRecordInfoAt(v, o)] as number) & INFO_DELETE) === 0 && n < out.length) out[n++] = o;
    }
    heapSort(out, n, function (a, b) {
      return a - b;
    });
    return out;
  }

  /** Not-valid entries go first, then the oldest: returns the victim's record offset. */
  private chooseVictim(): number {
    const v = this.view();
    const limit = expiryLimit(this.clock, this.timeS);
    let oldest = 0;
    let oldestInvalid = 0;
    const slots = this.index.slots;
    for (let i = 0; i < slots.length; i++) {
      const o = slots[i] as number;
      if (o === 0) continue;
      const p = logRecordInfoAt(v, o);
      const info = v[p] as number;
      if (info & INFO_DELETE) continue;
      const status = info & INFO_STATUS;
      let valid = status === 0 || status === 4;
      if (valid && (info & INFO_EXPIRY) && getU32(v, p + 1) <= limit) valid = false;
      if (oldest === 0 || o < oldest) oldest = o;
      if (!valid && (oldestInvalid === 0 || o < oldestInvalid)) oldestInvalid = o;
    }
    return oldestInvalid !== 0 ? oldestInvalid : oldest;
  }

  /**
   * Appends one block: a deletion of `victim` (if any), then the record for the current key
   * (this.key). Compacts first if the file lacks room.
   */
  private appendRecords(code: number, flags: number, expiry: number, parent: string | undefined, victim: number): void {
    let size = BLOCK_OVERHEAD + CACHE_HEAD + logRecordBytes(code, flags, parent);
    const vcode = victim ? (this.view()[victim] as number) : 0;
    if (victim) size += 2 + keyLength(vcode);
    const victimKey = new Uint8Array(KEY_MAX);
    if (victim) {
      const v = this.view();
      for (let i = 0; i < keyLength(vcode); i++) victimKey[i] = v[victim + 1 + i] as number;
    }
    if (!this.name || this.sealed || this.end + size > this.fileBytes || this.index.keys + 2 > this.index.maxKeys) {
      this.restart();
    }
    const blk = new BlockBuffer(CACHE_BLOCK);
    const time = Math.max(this.timeS, stampNow(this.clock));
    putU32(blk.buf, blk.len, time);
    blk.len += CACHE_HEAD;
    if (victim) blk.len = writeLogRecord(blk.buf, blk.len, vcode, victimKey, 0, INFO_DELETE, 0, 0, undefined);
    blk.len = writeLogRecord(blk.buf, blk.len, code, this.key, 0, flags, expiry, 0, parent);
    const bytes = blk.seal(0, this.checksum);
    const at = this.end;
    try {
      this.storage.write(this.name as string, bytes, at);
    } catch (e) {
      this.sealed = true;
      throw e;
    }
    this.end = at + bytes.length;
    this.indexGroup(this.view(), at, this.end);
  }

  /**
   * Starts the next generation in the other slot: empty (first file) or with the live entries,
   * oldest first (compaction). It counts once its commit mark is written; then the old file goes.
   */
  private restart(): void {
    const old = this.name;
    const slot = old ? ((this.gen & 1) ^ 1) : ((this.maxGen + 1) & 1);
    let gen = this.maxGen + 1;
    if ((gen & 1) !== slot) gen++;
    const name = this.fileName(slot);
    const other = this.fileName(slot ^ 1);
    if (!old && this.storage.read(other)) this.storage.erase(other);
    if (this.storage.read(name)) this.storage.erase(name);
    const need = STORAGE_HEADER_BYTES + ((this.fileBytes + 3) & ~3);
    if (this.storage.getFree() < need && this.storage.getStats().trashBytes > 0) this.storage.compact();
    if (this.storage.getFree() < need) {
      throw codedError("FULL", "authorization cache: no room for its file");
    }
    let at = LOG_HEADER;
    if (!old) {
      this.storage.write(name, makeLogHeader(CACHE_KIND, gen, 0, true, this.checksum), 0, this.fileBytes);
    } else {
      this.storage.write(name, makeLogHeader(CACHE_KIND, gen, 0, false, this.checksum), 0, this.fileBytes);
      const v = this.view();
      const offs = this.liveOffsets(v);
      const blk = new BlockBuffer(CACHE_BLOCK);
      let i = 0;
      while (i < offs.length) {
        blk.reset();
        putU32(blk.buf, blk.len, this.timeS);
        blk.len += CACHE_HEAD;
        while (i < offs.length) {
          const o = offs[i] as number;
          const n = logRecordSize(v, o);
          if (n > blk.room()) break;
          for (let k = 0; k < n; k++) blk.buf[blk.len + k] = v[o + k] as number;
          blk.len += n;
          i++;
        }
        const bytes = blk.seal(0, this.checksum);
        this.storage.write(name, bytes, at);
        at += bytes.length;
      }
      this.storage.write(name, new Uint8Array([LOG_COMMIT]), LOG_COMMIT_AT);
    }
    // Committed: switch, then drop the old file.
    this.name = name;
    this.gen = gen;
    this.maxGen = gen;
    this.sealed = false;
    this.index.clear();
    this.live = 0;
    this.state = { state: "ok", reason: "" };
    const nv = this.view();
    this.end = at;
    const self = this;
    scanLog(nv, LOG_HEADER, this.checksum, function (first, end) {
      self.indexGroup(nv, first, end);
    });
    if (old) this.storage.erase(old);
  }
}
