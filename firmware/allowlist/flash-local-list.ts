import { FlashStorage, STORAGE_HEADER_BYTES } from "../../hal/storage";
import { IdTagInfo } from "../authorization/id-tag-info";
import { AuthorizationData, LocalAuthList, UpdateStatus } from "../authorization/local-list";
import { Checksum, softwareCrc32 } from "../persist/checksum";
import { getU32, putU32 } from "../persist/bytes";
import { BLOCK_HEAD, BLOCK_MORE, BLOCK_OVERHEAD, BlockBuffer, LOG_CORRUPT, LOG_TORN, blockLength, scanLog } from "../persist/block-log";
import { HEADER_CORRUPT, HEADER_TORN, LOG_HEADER, checkLogHeader, logGeneration, makeLogHeader } from "../persist/log-file";
import { KEY_MAX, decodeIdTag, encodeIdTag } from "./id-tag-key";
import {
  BASE_BLOCK, BASE_HEADER, BASE_TRAILER, BaseFile, FILE_ABSENT, FILE_CORRUPT, FILE_TORN, FILE_VALID, PARENT_SLOT,
  SECTION_BYTES, baseGeneration, verifyBase,
} from "./base-file";
import { BasePlan, SortedSource, writeBase } from "./base-writer";
import { EpochClock, judgeExpiry, stampNow } from "./expiry";
import { MergeSource, MessageSource } from "./sources";
import { TagIndex } from "./tag-index";
import {
  INFO_DELETE, INFO_EXPIRY, INFO_PARENT, INFO_PARENT_REF, INFO_STATUS, LOG_RECORD_MAX, logRecordBytes, logRecordInfoAt,
  logRecordSize, readLogRecord, statusName, writeLogRecord,
} from "./tag-record";
import { ROW, UpdateMessage } from "./update-message";

/**
 * The OCPP Local Authorization List in flash, for tens of thousands of cards.
 *
 * Files (prefix "al" by default):
 *   al.b0 / al.b1   base files (see base-file.ts), generation g lives in slot g & 1
 *   al.j0 / al.j1   the journal of generation g: an append-only block log of the Differential
 *                   updates since that base (one group of blocks per update)
 *
 * - A lookup asks the journal's RAM index (fixed size) and then binary-searches the base: no
 *   per-entry RAM, O(log N) records read.
 * - A Differential update appends one group to the journal; when the journal is full, the list is
 *   first compacted into the next base generation (same content, same version), then the update is
 *   appended to the new, empty journal. A Full update writes the next base generation directly.
 * - A new base only counts once its last write (the commit mark) has landed; the old base and
 *   journal are erased after that. A journal group only counts once complete. So after a power cut
 *   at any write the store holds exactly the old or exactly the new list, with its version.
 * - At boot (`constructor`) every file is checked: an interrupted update is dropped ("recovered");
 *   a corrupt file (checksum mismatch on bytes that were completely written) makes the store
 *   answer as an empty list, version 0, and `health()` says why, until the next update replaces it.
 *   Falling back to an older list instead could re-admit cards the newer one blocked.
 * - `capacity()` is computed from the free flash (see `computeCapacity`).
 */
export interface LocalListOptions {
  /** File name prefix (1..24 characters). */
  prefix?: string;
  /** Wall clock for expiry dates (a WallClock). Without one, expiry is judged as if time were unknown. */
  clock?: EpochClock;
  /** Native checksum on a device (see persist/checksum.ts). */
  checksum?: Checksum;
  /** Flash to leave free for the other files of the firmware (bytes). */
  reserveBytes?: number;
  /** Size of the journal file (bytes, at most 65535). */
  journalBytes?: number;
  /** Slots of the journal's RAM index (power of two); it holds up to 5/8 as many distinct cards. */
  indexSlots?: number;
  /** An upper limit for capacity() (the flash may allow more). */
  maxEntries?: number;
}

export type HealthState = "ok" | "recovered" | "corrupt";

export interface StoreHealth {
  state: HealthState;
  reason: string;
}

export const DEFAULT_RESERVE_BYTES = 32768;
export const DEFAULT_JOURNAL_BYTES = 8192 - STORAGE_HEADER_BYTES;
export const DEFAULT_INDEX_SLOTS = 1024;
const JOURNAL_KIND = 0x4a;
const JOURNAL_BLOCK = 512;
/** Journal block payload head: list version, entry count, time (epoch s) after the update. */
const GROUP_HEAD = 12;

/**
 * The entry that LocalAuthListMaxLength is computed for: a card UID of up to 7 bytes, with an
 * expiry date and a parentIdTag from a table of up to 16 distinct ones. Bigger entries (10-byte
 * UIDs with expiry, long text idTags) take more room: a list of those may be refused (Failed) before
 * it reaches capacity().
 */
export const REFERENCE_RECORD_BYTES = 7 + 1 + 1 + 4;
export const REFERENCE_PARENTS = 16;

function align4(n: number): number {
  return (n + 3) & ~3;
}

function storageFull(message: string): Error {
  const e: any = new Error(message);
  e.code = "FULL";
  return e;
}

function validVersion(v: number): boolean {
  return typeof v === "number" && v >= 0 && v <= 0x7fffffff && Math.floor(v) === v;
}

export class FlashLocalAuthList implements LocalAuthList {
  private readonly storage: FlashStorage;
  private readonly prefix: string;
  private readonly clock: EpochClock | undefined;
  private readonly checksum: Checksum;
  private readonly reserve: number;
  private readonly journalBytes: number;
  private readonly maxEntries: number;
  private readonly index: TagIndex;
  private readonly key = new Uint8Array(KEY_MAX);

  private base: BaseFile | undefined;
  /** Journal of the current base: present, where its content ends, whether it takes no more appends. */
  private journalLive = false;
  private journalEnd = 0;
  private journalSealed = false;
  private listVersion = 0;
  private entries = 0;
  private timeS = 0;
  private maxGen = 0;
  private corrupt = false;
  private state: StoreHealth = { state: "ok", reason: "" };
  private cap = 0;

  constructor(storage: FlashStorage, options?: LocalListOptions) {
    const o = options || {};
    this.storage = storage;
    this.prefix = o.prefix || "al";
    this.clock = o.clock;
    this.checksum = o.checksum || softwareCrc32;
    this.reserve = o.reserveBytes === undefined ? DEFAULT_RESERVE_BYTES : o.reserveBytes;
    this.journalBytes = o.journalBytes || DEFAULT_JOURNAL_BYTES;
    this.maxEntries = o.maxEntries === undefined ? 0x7fffffff : o.maxEntries;
    this.index = new TagIndex(o.indexSlots || DEFAULT_INDEX_SLOTS);
    if (this.prefix.length < 1 || this.prefix.length > 24 || this.journalBytes > 65535 || this.journalBytes < LOG_HEADER + JOURNAL_BLOCK) {
      const e: any = new Error("FlashLocalAuthList: bad prefix or journal size");
      e.code = "ARGS";
      throw e;
    }
    this.open();
  }

  // ---- LocalAuthList ----

  lookup(idTag: string): IdTagInfo | undefined {
    if (typeof idTag !== "string") return undefined;
    const code = encodeIdTag(idTag, this.key, 0);
    if (code === 0 || this.corrupt) return undefined;
    const base = this.base;
    const bv = base ? this.storage.read(base.name) : undefined;
    if (this.journalLive && this.index.keys > 0) {
      const jv = this.storage.read(this.journalName()) as Uint8Array;
      const off = this.index.find(jv, code, this.key, 0);
      if (off !== 0) {
        const info = readLogRecord(jv, off, base, bv);
        return info ? judgeExpiry(info, this.clock, this.timeS) : undefined;
      }
    }
    if (!base || !bv) return undefined;
    const at = base.find(bv, code, this.key, 0);
    return at < 0 ? undefined : judgeExpiry(base.info(bv, at, code), this.clock, this.timeS);
  }

  version(): number {
    return this.listVersion;
  }

  count(): number {
    return this.entries;
  }

  capacity(): number {
    return this.cap;
  }

  update(listVersion: number, updateType: "Full" | "Differential", entries: AuthorizationData[]): UpdateStatus {
    if (!validVersion(listVersion)) return "Failed";
    if (updateType === "Full") return this.applyFull(listVersion, entries);
    if (updateType === "Differential") return this.applyDifferential(listVersion, entries);
    return "Failed";
  }

  /**
   * Empties the list by erasing its files: stale ones first, then the current base (the moment
   * the list becomes empty: a journal without its base is ignored), then the journal. Needs no room.
   */
  clear(): void {
    const base = this.corrupt ? undefined : this.base;
    const journal = this.journalName();
    const names = this.storage.list(this.prefix + ".");
    for (let i = 0; i < names.length; i++) {
      const n = names[i] as string;
      if ((!base || n !== base.name) && n !== journal) this.storage.erase(n);
    }
    if (base) this.storage.erase(base.name);
    if (this.storage.read(journal)) this.storage.erase(journal);
    this.base = undefined;
    this.corrupt = false;
    this.state = { state: "ok", reason: "" };
    this.journalLive = false;
    this.journalSealed = false;
    this.journalEnd = 0;
    this.index.clear();
    this.listVersion = 0;
    this.entries = 0;
  }

  // ---- beyond the interface ----

  /** What boot found: "ok", "recovered" (an interrupted update was dropped) or "corrupt" (see reason). */
  health(): StoreHealth {
    return { state: this.state.state, reason: this.state.reason };
  }

  /** Records read from flash by lookups so far (binary-search steps plus journal probes). */
  recordReads(): number {
    return (this.base ? this.base.reads : 0) + this.index.reads;
  }

  /** Most entries one Differential update may carry (SendLocalListMaxLength must not exceed it). */
  maxEntriesPerUpdate(): number {
    const perBlock = Math.floor((JOURNAL_BLOCK - BLOCK_OVERHEAD - GROUP_HEAD) / LOG_RECORD_MAX);
    const blocks = Math.floor((this.journalBytes - LOG_HEADER) / JOURNAL_BLOCK);
    return Math.min(perBlock * blocks, this.index.maxKeys);
  }

  /** Bytes of flash the list's files take now (headers included). */
  flashBytes(): number {
    let n = 0;
    const names = this.storage.list(this.prefix + ".");
    for (let i = 0; i < names.length; i++) {
      const b = this.storage.read(names[i] as string);
      if (b) n += STORAGE_HEADER_BYTES + align4(b.length);
    }
    return n;
  }

  /** Calls fn for every entry in key order (idTags in canonical upper case). For tests and diagnostics. */
  forEach(fn: (idTag: string, info: IdTagInfo) => void): void {
    if (this.corrupt) return;
    const src = new MergeSource(this.storage, this.base, this.journalLive ? this.journalName() : undefined, this.index);
    const bv = this.base ? this.storage.read(this.base.name) : undefined;
    src.rewind();
    while (src.next()) {
      const info: IdTagInfo = { status: statusName(src.info & INFO_STATUS) };
      if (src.info & INFO_EXPIRY) info.expiresAt = src.expiry;
      if (src.info & INFO_PARENT) {
        const p = src.parentIndex >= 0 ? (this.base as BaseFile).parentAt(bv as Uint8Array, src.parentIndex) : src.parentName;
        if (p !== undefined) info.parentIdTag = p;
      }
      fn(decodeIdTag(src.code, src.keyView, src.keyAt), info);
    }
  }

  // ---- boot ----

  private baseName(slot: number): string {
    return this.prefix + ".b" + slot;
  }

  private journalName(): string {
    return this.prefix + ".j" + ((this.base ? this.base.gen : 0) & 1);
  }

  private setHealth(state: HealthState, reason: string): void {
    if (state === "corrupt" || this.state.state === "ok") this.state = { state: state, reason: reason };
  }

  private open(): void {
    let best = -1;
    let bestGen = -1;
    const states = [FILE_ABSENT, FILE_ABSENT];
    const gens = [-1, -1];
    const reasons = ["", ""];
    for (let s = 0; s < 2; s++) {
      const b = this.storage.read(this.baseName(s));
      if (!b) continue;
      const r = verifyBase(b, this.checksum);
      states[s] = r.state;
      reasons[s] = r.reason;
      gens[s] = baseGeneration(b, this.checksum);
      if ((gens[s] as number) > this.maxGen) this.maxGen = gens[s] as number;
      if (r.state === FILE_VALID && (gens[s] as number) > bestGen) {
        best = s;
        bestGen = gens[s] as number;
      }
    }
    for (let s = 0; s < 2; s++) {
      if (s === best) continue;
      const newer = best < 0 || (gens[s] as number) < 0 || (gens[s] as number) > bestGen;
      if (states[s] === FILE_CORRUPT && newer) return this.fallBack(this.baseName(s) + ": " + reasons[s]);
      if (states[s] === FILE_TORN && newer) this.setHealth("recovered", "interrupted list update dropped (" + this.baseName(s) + ")");
    }
    this.computeCapacity();
    if (best < 0) return;
    const base = new BaseFile(this.baseName(best));
    base.parse(this.storage.read(base.name) as Uint8Array);
    this.base = base;
    this.listVersion = base.version;
    this.entries = base.count;
    this.timeS = base.timeS;
    this.openJournal();
  }

  private openJournal(): void {
    const name = this.journalName();
    const jv = this.storage.read(name);
    if (!jv) return;
    const h = checkLogHeader(jv, JOURNAL_KIND, this.checksum);
    if (h === HEADER_TORN) {
      this.setHealth("recovered", "interrupted journal creation dropped");
      return;
    }
    if (h === HEADER_CORRUPT) return this.fallBack(name + ": bad header");
    if (logGeneration(jv) !== (this.base as BaseFile).gen) return; // a stale journal of an older base
    if (jv.length !== this.journalBytes) this.journalSealed = true;
    const self = this;
    const scan = scanLog(jv, LOG_HEADER, this.checksum, function (first, end) {
      self.indexGroup(jv, first, end);
    });
    if (scan.state === LOG_CORRUPT) return this.fallBack(name + ": " + scan.reason);
    if (this.index.keys > this.index.maxKeys) return this.fallBack(name + ": more cards than its index holds");
    if (scan.state === LOG_TORN) {
      this.journalSealed = true;
      this.setHealth("recovered", "interrupted list update dropped (" + name + ")");
    }
    this.journalLive = true;
    this.journalEnd = scan.end;
  }

  /** Puts every record of the group [first, end) in the RAM index and takes its version/count/time. */
  private indexGroup(jv: Uint8Array, first: number, end: number): void {
    let o = first;
    while (o < end) {
      const len = blockLength(jv, o);
      const payload = o + BLOCK_HEAD;
      this.listVersion = getU32(jv, payload);
      this.entries = getU32(jv, payload + 4);
      const t = getU32(jv, payload + 8);
      if (t > this.timeS) this.timeS = t;
      let r = payload + GROUP_HEAD;
      const stop = o + len - 5;
      while (r < stop) {
        if (this.index.keys < this.index.maxKeys + 1) this.index.put(jv, r);
        r += logRecordSize(jv, r);
      }
      o += len;
    }
  }

  /** Corruption: answer as an empty list, version 0, until an update replaces the files. */
  private fallBack(reason: string): void {
    this.corrupt = true;
    this.base = undefined;
    this.journalLive = false;
    this.index.clear();
    this.listVersion = 0;
    this.entries = 0;
    this.setHealth("corrupt", reason);
    this.computeCapacity();
  }

  /**
   * LocalAuthListMaxLength: how many reference entries fit twice (old and new base side by side
   * during a compaction or a Full update) plus the journal, in the flash this store may use: what
   * is free, what trash compaction gives back, and its own files, minus the reserve for others.
   */
  private computeCapacity(): void {
    const st = this.storage.getStats();
    const budget = st.freeBytes + st.trashBytes + this.flashBytes() - this.reserve;
    const fixedPerBase = STORAGE_HEADER_BYTES + BASE_HEADER + 2 * SECTION_BYTES + REFERENCE_PARENTS * PARENT_SLOT + BASE_TRAILER + 8;
    const fixed = 2 * fixedPerBase + STORAGE_HEADER_BYTES + align4(this.journalBytes);
    const perEntry = REFERENCE_RECORD_BYTES + 4 / BASE_BLOCK;
    this.cap = Math.min(this.maxEntries, Math.max(0, Math.floor((budget - fixed) / (2 * perEntry))));
  }

  // ---- updates ----

  private applyFull(listVersion: number, entries: AuthorizationData[]): UpdateStatus {
    const msg = new UpdateMessage();
    if (!msg.parse(entries, true)) return "Failed";
    if (msg.n > this.cap) return "Failed";
    if (msg.n > 0 && listVersion === 0) return "Failed";
    const time = Math.max(this.timeS, stampNow(this.clock));
    return this.rebase(new MessageSource(msg), false, msg.n === 0 ? 0 : listVersion, time) ? "Accepted" : "Failed";
  }

  private applyDifferential(listVersion: number, entries: AuthorizationData[]): UpdateStatus {
    if (listVersion <= this.listVersion) return "VersionMismatch";
    const msg = new UpdateMessage();
    if (!msg.parse(entries, false)) return "Failed";
    let count = this.entries;
    for (let k = 0; k < msg.n; k++) {
      const present = this.has(msg.rows[k * ROW] as number, msg.rows, k * ROW + 1);
      if ((msg.info[k] as number) & INFO_DELETE) {
        if (present) count--;
      } else if (!present) count++;
    }
    if (count > this.cap) return "Failed";
    const version = count === 0 ? 0 : listVersion;
    const time = Math.max(this.timeS, stampNow(this.clock));
    const refs = new Int32Array(msg.n);
    if (this.appendBytes(msg, refs) < 0) {
      // Compact first (same list, same version), then append to the fresh journal.
      if (!this.rebase(this.currentList(), true, this.listVersion, this.timeS)) return "Failed";
      if (this.appendBytes(msg, refs) < 0) return "Failed";
    }
    try {
      this.append(msg, refs, version, count, time);
    } catch (e) {
      this.journalSealed = true;
      if ((e as any).code === "FULL") return "Failed";
      throw e;
    }
    return "Accepted";
  }

  /** True if the key is in the list now (no lookup counters touched). */
  private has(code: number, key: Uint8Array, keyAt: number): boolean {
    if (this.corrupt) return false;
    if (this.journalLive && this.index.keys > 0) {
      const jv = this.storage.read(this.journalName()) as Uint8Array;
      const r = this.index.reads;
      const off = this.index.find(jv, code, key, keyAt);
      this.index.reads = r;
      if (off !== 0) return ((jv[logRecordInfoAt(jv, off)] as number) & INFO_DELETE) === 0;
    }
    const base = this.base;
    if (!base) return false;
    const r = base.reads;
    const found = base.find(this.storage.read(base.name) as Uint8Array, code, key, keyAt) >= 0;
    base.reads = r;
    return found;
  }

  /** The list as it stands, in key order (empty if the files are corrupt). */
  private currentList(): SortedSource {
    if (this.corrupt) return new MergeSource(this.storage, undefined, undefined, this.index);
    return new MergeSource(this.storage, this.base, this.journalLive ? this.journalName() : undefined, this.index);
  }

  /**
   * Bytes the message takes appended to the journal, or -1 if it does not fit there now (no journal
   * yet counts as an empty one). Fills refs: parent index in the base table, or -1 (inline).
   */
  private appendBytes(msg: UpdateMessage, refs: Int32Array): number {
    if (this.corrupt || !this.base || this.journalSealed) return -1;
    const base = this.base;
    const bv = this.storage.read(base.name) as Uint8Array;
    const jv = this.journalLive ? this.storage.read(this.journalName()) : undefined;
    let newKeys = 0;
    let total = 0;
    let room = 0;
    for (let i = 0; i < msg.n; i++) {
      const k = msg.order[i] as number;
      const p = msg.parents[k];
      refs[k] = p === undefined ? -1 : base.findParent(bv, p);
      const size = this.recordBytes(msg, k, refs[k] as number);
      if (size > room) {
        total += BLOCK_OVERHEAD + GROUP_HEAD;
        room = JOURNAL_BLOCK - BLOCK_OVERHEAD - GROUP_HEAD;
      }
      total += size;
      room -= size;
      if (!jv || !this.index.has(jv, msg.rows[k * ROW] as number, msg.rows, k * ROW + 1)) newKeys++;
    }
    if (msg.n === 0) total = BLOCK_OVERHEAD + GROUP_HEAD;
    const end = this.journalLive ? this.journalEnd : LOG_HEADER;
    if (end + total > this.journalBytes || this.index.keys + newKeys > this.index.maxKeys) return -1;
    return total;
  }

  private recordBytes(msg: UpdateMessage, k: number, ref: number): number {
    let info = msg.info[k] as number;
    if ((info & INFO_PARENT) && ref >= 0) info |= INFO_PARENT_REF;
    return logRecordBytes(msg.rows[k * ROW] as number, info, msg.parents[k]);
  }

  /** Appends the message as one group of journal blocks, then indexes it. */
  private append(msg: UpdateMessage, refs: Int32Array, version: number, count: number, time: number): void {
    const name = this.journalName();
    if (!this.journalLive) {
      this.ensureSpace(this.journalBytes);
      this.storage.write(name, makeLogHeader(JOURNAL_KIND, (this.base as BaseFile).gen, 0, true, this.checksum), 0, this.journalBytes);
      this.journalLive = true;
      this.journalEnd = LOG_HEADER;
      this.index.clear();
    }
    const blk = new BlockBuffer(JOURNAL_BLOCK);
    const start = this.journalEnd;
    let at = start;
    const self = this;
    function head(): void {
      blk.reset();
      putU32(blk.buf, blk.len, version);
      putU32(blk.buf, blk.len + 4, count);
      putU32(blk.buf, blk.len + 8, time);
      blk.len += GROUP_HEAD;
    }
    function flush(flags: number): void {
      const bytes = blk.seal(flags, self.checksum);
      self.storage.write(name, bytes, at);
      at += bytes.length;
    }
    head();
    for (let i = 0; i < msg.n; i++) {
      const k = msg.order[i] as number;
      const ref = refs[k] as number;
      const size = this.recordBytes(msg, k, ref);
      if (size > blk.room()) {
        flush(BLOCK_MORE);
        head();
      }
      let info = msg.info[k] as number;
      if ((info & INFO_PARENT) && ref >= 0) info |= INFO_PARENT_REF;
      blk.len = writeLogRecord(blk.buf, blk.len, msg.rows[k * ROW] as number, msg.rows, k * ROW + 1, info,
        msg.expiry[k] as number, ref, msg.parents[k]);
    }
    flush(0);
    // Landed completely: now it counts.
    const jv = this.storage.read(name) as Uint8Array;
    this.indexGroup(jv, start, at);
    this.journalEnd = at;
  }

  /** Makes room for a new file of `bytes`, compacting the trash if that is what it takes. */
  private ensureSpace(bytes: number): void {
    const need = STORAGE_HEADER_BYTES + align4(bytes) + this.reserve;
    if (this.storage.getFree() < need && this.storage.getStats().trashBytes > 0) this.storage.compact();
    if (this.storage.getFree() < need) throw storageFull("allowlist: no room for " + bytes + " bytes");
  }

  /**
   * Writes `src` as the next base generation and switches to it once it is committed. `keepParents`
   * copies the current parent table first (the journal and base refer to it by index).
   * Returns false (nothing changed) if there is no room or too many distinct parents.
   */
  private rebase(src: SortedSource, keepParents: boolean, version: number, time: number): boolean {
    const old = this.corrupt ? undefined : this.base;
    const kept = keepParents && old ? old.parents : 0;
    const plan = new BasePlan();
    if (!plan.plan(src, kept)) return false;
    const target = old ? ((old.gen & 1) ^ 1) : ((this.maxGen + 1) & 1);
    let gen = this.maxGen + 1;
    if ((gen & 1) !== target) gen++;
    const name = this.baseName(target);
    const keepJournal = this.journalLive && old ? this.journalName() : "";
    // Everything but the current base and journal is stale (older, interrupted or corrupt): drop it
    // first, so that no leftover can outrank the new base at the next boot.
    const names = this.storage.list(this.prefix + ".");
    for (let i = 0; i < names.length; i++) {
      const n = names[i] as string;
      if ((!old || n !== old.name) && n !== keepJournal) this.storage.erase(n);
    }
    const storage = this.storage;
    try {
      this.ensureSpace(plan.fileBytes);
      writeBase(storage, name, plan, { gen: gen, version: version, timeS: time }, src, old ? function () {
        return { view: storage.read(old.name) as Uint8Array, at: old.parentsAt };
      } : undefined, this.checksum);
    } catch (e) {
      if ((e as any).code === "FULL") return false;
      throw e;
    }
    // Committed: switch, then drop the old files.
    const base = new BaseFile(name);
    base.parse(storage.read(name) as Uint8Array);
    if (old) base.reads = old.reads;
    this.base = base;
    this.maxGen = gen;
    this.listVersion = base.version;
    this.entries = base.count;
    this.timeS = Math.max(this.timeS, time);
    this.corrupt = false;
    this.state = { state: "ok", reason: "" };
    this.journalLive = false;
    this.journalSealed = false;
    this.journalEnd = 0;
    this.index.clear();
    if (old) this.storage.erase(old.name);
    if (keepJournal) this.storage.erase(keepJournal);
    return true;
  }
}
