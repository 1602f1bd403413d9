import { FlashStorage, StorageStats, STORAGE_HEADER_BYTES, STORAGE_NAME_MAX } from "../storage";
import { codedError } from "../coded-error";

/**
 * Flash storage on a raw byte image laid out like Espruino's: a log of files, each a 32-byte
 * header (size word, 28-byte name) and its data padded to 4 bytes. Erased bytes are 0xFF.
 * An erased file has its name cleared to zeros and stays in place as trash until `compact()`.
 *
 * Data-safety behaviour:
 * - Writing into bytes that are no longer 0xFF: mode "espruino" (default) throws, as Espruino's
 *   Storage does ("File already written with different data"); mode "nor" ANDs the new bits into
 *   the old ones, as raw NOR flash does. Either way a written byte never goes back up.
 * - `cutPowerAt(n, landed)`: the n-th flash operation from now (a write, an erase or a compact)
 *   is cut: only its first `landed` units land (a write's units are: old file to trash, new
 *   header, then its data bytes in order). It then throws, and so does everything after it, until
 *   `powerCycle()`, which boots from what is in the image.
 */
export type RewriteMode = "espruino" | "nor";

export interface SimStorageOptions {
  pages?: number;
  pageSize?: number;
  rewrite?: RewriteMode;
}

interface FileEntry {
  name: string;
  header: number;
  data: number;
  size: number;
  live: boolean;
}

export interface StorageCounters {
  /** Flash operations started (writes, erases, compactions). */
  operations: number;
  /** Bytes programmed: data, headers and trash marks. */
  bytesWritten: number;
  /** Bytes that compaction copied. */
  bytesMoved: number;
  compactions: number;
}

export const ESP32_STORAGE_PAGES = 224;
export const ESP32_STORAGE_PAGE_SIZE = 4096;

const ALIGN = 4;
const UNSET_WORD = 0xffffffff;

function align(n: number): number {
  return (n + ALIGN - 1) & ~(ALIGN - 1);
}

function toBytes(data: Uint8Array | string): Uint8Array {
  if (typeof data !== "string") return data;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data.charCodeAt(i) & 0xff;
  return out;
}

export class SimStorage implements FlashStorage {
  readonly pageSize: number;
  readonly pages: number;
  rewrite: RewriteMode;
  counters: StorageCounters = { operations: 0, bytesWritten: 0, bytesMoved: 0, compactions: 0 };

  private img: Uint8Array;
  private files: FileEntry[] = [];
  private end = 0;
  private dead = false;
  private cutOp = 0;
  private cutLanded = 0;

  constructor(options?: SimStorageOptions, image?: Uint8Array) {
    const o = options || {};
    this.pageSize = o.pageSize || ESP32_STORAGE_PAGE_SIZE;
    this.rewrite = o.rewrite || "espruino";
    if (image) {
      this.pages = Math.floor(image.length / this.pageSize);
      this.img = image;
    } else {
      this.pages = o.pages || ESP32_STORAGE_PAGES;
      this.img = new Uint8Array(this.pages * this.pageSize);
      this.img.fill(0xff);
    }
    this.scan();
  }

  /** The raw flash image (for saving a unit's flash to disk, or for corrupting it in tests). */
  image(): Uint8Array {
    return this.img;
  }

  // ---- FlashStorage ----

  read(name: string): Uint8Array | undefined {
    this.checkPower();
    const f = this.find(name);
    return f ? this.img.subarray(f.data, f.data + f.size) : undefined;
  }

  write(name: string, data: Uint8Array | string, offset?: number, size?: number): void {
    this.checkPower();
    this.checkName(name);
    const bytes = toBytes(data);
    const off = offset || 0;
    if (off < 0 || (size !== undefined && size < 0)) throw codedError("ARGS", "Storage.write: negative offset or size");
    let target = this.find(name);
    let replace: FileEntry | undefined;
    let create = false;
    let fileSize = target ? target.size : 0;
    if (off === 0) {
      const wanted = size || bytes.length;
      if (!target || target.size !== wanted || !this.isErased(target.data, target.size)) {
        if (target && target.size === wanted && bytes.length === wanted && this.isEqual(target.data, bytes)) return;
        replace = target;
        create = true;
        fileSize = wanted;
      }
    } else if (!target) {
      throw codedError("NOFILE", "Storage.write: no file '" + name + "' to write at offset " + off);
    }
    if (off + bytes.length > fileSize) {
      throw codedError("SIZE", "Storage.write: " + (off + bytes.length) + " bytes do not fit in '" + name + "' (" + fileSize + " bytes)");
    }
    let dataAddr = target ? target.data : 0;
    if (create) {
      const need = STORAGE_HEADER_BYTES + align(fileSize);
      if (this.end + need > this.img.length) {
        throw codedError("FULL", "Storage full: '" + name + "' needs " + need + " bytes, " + this.getFree() + " free" +
          (this.trashBytes() > 0 ? " (" + this.trashBytes() + " in trash until compact)" : ""));
      }
      dataAddr = this.end + STORAGE_HEADER_BYTES;
    } else if (this.rewrite === "espruino" && !this.isErased(dataAddr + off, bytes.length)) {
      throw codedError("REWRITE", "Storage.write: '" + name + "' already written with different data at " + off);
    }
    let units = (replace ? 1 : 0) + (create ? 1 : 0) + bytes.length;
    const budget = this.beginOperation(units);
    if (replace && budget.take()) this.markTrash(replace);
    if (create) {
      if (!budget.take()) return budget.die();
      const h = this.end;
      this.program(h, new Uint8Array([fileSize & 0xff, (fileSize >> 8) & 0xff, (fileSize >> 16) & 0xff, 0]));
      const nameBytes = new Uint8Array(STORAGE_NAME_MAX);
      for (let i = 0; i < name.length; i++) nameBytes[i] = name.charCodeAt(i) & 0xff;
      this.program(h + 4, nameBytes);
      const entry: FileEntry = { name: name, header: h, data: h + STORAGE_HEADER_BYTES, size: fileSize, live: true };
      this.files.push(entry);
      this.end = h + STORAGE_HEADER_BYTES + align(fileSize);
    } else if (replace) {
      // unreachable: a replacement always creates
    }
    const n = budget.remaining(bytes.length);
    this.program(dataAddr + off, n < bytes.length ? bytes.subarray(0, n) : bytes);
    if (n < bytes.length) budget.die();
    budget.finish();
  }

  erase(name: string): void {
    this.checkPower();
    const f = this.find(name);
    if (!f) return;
    const budget = this.beginOperation(1);
    if (!budget.take()) return budget.die();
    this.markTrash(f);
    budget.finish();
  }

  list(prefix?: string): string[] {
    this.checkPower();
    const out: string[] = [];
    for (const f of this.files) {
      if (f.live && (!prefix || f.name.indexOf(prefix) === 0)) out.push(f.name);
    }
    return out;
  }

  getFree(): number {
    return this.img.length - this.end;
  }

  getStats(): StorageStats {
    let fileBytes = 0, fileCount = 0, trashBytes = 0, trashCount = 0;
    for (const f of this.files) {
      const b = STORAGE_HEADER_BYTES + align(f.size);
      if (f.live) { fileBytes += b; fileCount++; } else { trashBytes += b; trashCount++; }
    }
    return { totalBytes: this.img.length, freeBytes: this.getFree(), fileBytes: fileBytes, fileCount: fileCount,
      trashBytes: trashBytes, trashCount: trashCount };
  }

  /** Moves live files down over the trash. Modelled as one atomic operation (see class note). */
  compact(): void {
    this.checkPower();
    const budget = this.beginOperation(1);
    if (!budget.take()) return budget.die();
    const next = new Uint8Array(this.img.length);
    next.fill(0xff);
    let at = 0;
    for (const f of this.files) {
      if (!f.live) continue;
      const len = STORAGE_HEADER_BYTES + align(f.size);
      next.set(this.img.subarray(f.header, f.header + len), at);
      this.counters.bytesMoved += len;
      at += len;
    }
    this.img.set(next);
    this.counters.compactions++;
    this.scan();
    budget.finish();
  }

  // ---- test hooks ----

  /** Arms a power cut at the `nth` operation from now (1 = the next one), landing `landed` units of it. */
  cutPowerAt(nth: number, landed: number): void {
    this.cutOp = this.counters.operations + nth;
    this.cutLanded = landed;
  }

  /** True once a power cut has happened and until `powerCycle()`. */
  isDead(): boolean {
    return this.dead;
  }

  /** Power comes back: the file table is rebuilt from the image, as at boot. */
  powerCycle(): void {
    this.dead = false;
    this.cutOp = 0;
    this.scan();
  }

  /** How many units the next operation would have, for a write like this one (used to iterate cuts). */
  static unitsOf(op: { replace: boolean; create: boolean; bytes: number }): number {
    return (op.replace ? 1 : 0) + (op.create ? 1 : 0) + op.bytes;
  }

  /** Flips bits of a file's data in place, bypassing flash rules (fault injection). */
  corrupt(name: string, offset: number, xorMask: number): void {
    const f = this.find(name);
    if (!f) throw codedError("NOFILE", "corrupt: no file '" + name + "'");
    if (offset < 0 || offset >= f.size) throw codedError("ARGS", "corrupt: offset outside '" + name + "'");
    this.img[f.data + offset] = (this.img[f.data + offset] as number) ^ xorMask;
  }

  /** Address of a file's data in the image (for tests that corrupt headers). */
  locate(name: string): { header: number; data: number; size: number } | undefined {
    const f = this.find(name);
    return f ? { header: f.header, data: f.data, size: f.size } : undefined;
  }

  // ---- internals ----

  private checkPower(): void {
    if (this.dead) throw codedError("POWER", "flash: no power (cut during an earlier write)");
  }

  private checkName(name: string): void {
    if (typeof name !== "string" || name.length < 1 || name.length > STORAGE_NAME_MAX) {
      throw codedError("NAME", "Storage: file name must be 1.." + STORAGE_NAME_MAX + " characters, got '" + name + "'");
    }
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c === 0 || c > 255) throw codedError("NAME", "Storage: bad character in file name '" + name + "'");
    }
  }

  private beginOperation(units: number): { take(): boolean; remaining(n: number): number; die(): void; finish(): void } {
    this.counters.operations++;
    const self = this;
    const cut = this.cutOp !== 0 && this.counters.operations === this.cutOp;
    let left = cut ? Math.max(0, Math.min(this.cutLanded, units - 1)) : units;
    return {
      take: function () {
        if (left <= 0) return false;
        left--;
        return true;
      },
      remaining: function (n: number) {
        const k = Math.min(n, left);
        left -= k;
        return k;
      },
      die: function () {
        self.dead = true;
        self.cutOp = 0;
        throw codedError("POWER", "flash: power cut during operation " + self.counters.operations);
      },
      finish: function () {
        if (cut) this.die();
      },
    };
  }

  private program(addr: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.img[addr + i] = (this.img[addr + i] as number) & (bytes[i] as number);
    this.counters.bytesWritten += bytes.length;
  }

  private markTrash(f: FileEntry): void {
    this.program(f.header + 4, new Uint8Array(4));
    f.live = false;
  }

  private isErased(addr: number, len: number): boolean {
    for (let i = 0; i < len; i++) if (this.img[addr + i] !== 0xff) return false;
    return true;
  }

  private isEqual(addr: number, bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length; i++) if (this.img[addr + i] !== bytes[i]) return false;
    return true;
  }

  private find(name: string): FileEntry | undefined {
    for (let i = this.files.length - 1; i >= 0; i--) {
      const f = this.files[i] as FileEntry;
      if (f.live && f.name === name) return f;
    }
    return undefined;
  }

  private trashBytes(): number {
    return this.getStats().trashBytes;
  }

  /** Rebuilds the file table from the image, as Espruino does when it walks the headers. */
  private scan(): void {
    this.files = [];
    let at = 0;
    const img = this.img;
    while (at + STORAGE_HEADER_BYTES <= img.length) {
      const word = ((img[at] as number) | ((img[at + 1] as number) << 8) | ((img[at + 2] as number) << 16) | ((img[at + 3] as number) << 24)) >>> 0;
      if (word === UNSET_WORD) break;
      const size = word & 0xffffff;
      if (at + STORAGE_HEADER_BYTES + size > img.length) break;
      let name = "";
      for (let i = 0; i < STORAGE_NAME_MAX; i++) {
        const c = img[at + 4 + i] as number;
        if (c === 0 || c === 0xff) break;
        name += String.fromCharCode(c);
      }
      const live = name.length > 0 && img[at + 4] !== 0;
      this.files.push({ name: name, header: at, data: at + STORAGE_HEADER_BYTES, size: size, live: live });
      at += STORAGE_HEADER_BYTES + align(size);
    }
    this.end = at;
  }
}
