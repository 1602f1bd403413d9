// Node only. require("Storage") over the board's SimStorage, with Espruino's API and results:
// read -> 8-bit string or undefined, readArrayBuffer -> ArrayBuffer or undefined, write -> true,
// or false when there is no room even after the automatic compaction Espruino does; an object
// given to write() is stored as JSON; names longer than 28 characters are cut as Espruino cuts them.
// Reads are cached per file until the bundle writes or erases that file (or compacts), so the
// firmware can read a big file often without a copy each time (on a device it is a view of flash).
import { SimStorage } from "../../../hal/sim/storage";
import { STORAGE_NAME_MAX } from "../../../hal/storage";
import { ContextRealm } from "./realm";

interface CachedFile {
  text?: string;
  buffer?: any;
}

function fileName(name: unknown): string {
  return String(name).substring(0, STORAGE_NAME_MAX);
}

function bytesToLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

const NO_ROOM = "Unable to find or create file";

export class StorageModule {
  /** Reads served from the cache vs. copied from flash (for tests and the report). */
  readonly stats = { copies: 0, cacheHits: 0, autoCompactions: 0 };
  private cache: { [name: string]: CachedFile } = {};

  constructor(private readonly realm: ContextRealm, private readonly storage: SimStorage) {}

  /** The module object the bundle gets from require("Storage"). */
  build(): any {
    const self = this;
    const realm = this.realm;
    const storage = this.storage;
    return realm.object({
      read: function (name: unknown, offset?: unknown, length?: unknown): string | undefined {
        const text = self.text(fileName(name));
        if (text === undefined) return undefined;
        const off = Number(offset) > 0 ? Math.floor(Number(offset)) : 0;
        const len = Number(length) > 0 ? Math.floor(Number(length)) : text.length - off;
        return off === 0 && len >= text.length ? text : text.substring(off, off + len);
      },
      readArrayBuffer: function (name: unknown): any {
        const n = fileName(name);
        const c = self.cache[n];
        if (c && c.buffer) {
          self.stats.cacheHits++;
          return c.buffer;
        }
        const bytes = storage.read(n);
        if (!bytes) return undefined;
        self.stats.copies++;
        const buffer = realm.bytes(bytes).buffer;
        self.entry(n).buffer = buffer;
        return buffer;
      },
      readJSON: function (name: unknown, noExceptions?: unknown): any {
        const text = self.text(fileName(name));
        if (text === undefined) return undefined;
        try {
          return realm.global.JSON.parse(text);
        } catch (e) {
          if (noExceptions) return undefined;
          throw e;
        }
      },
      write: function (name: unknown, data: unknown, offset?: unknown, size?: unknown): boolean {
        if (data !== null && typeof data === "object" && !Array.isArray(data) && !ArrayBuffer.isView(data) && !isArrayBuffer(data)) {
          return self.write(fileName(name), realm.global.JSON.stringify(data), undefined, undefined);
        }
        return self.write(fileName(name), toFlashData(data), offset, size);
      },
      writeJSON: function (name: unknown, data: unknown): boolean {
        return self.write(fileName(name), String(realm.global.JSON.stringify(data)), undefined, undefined);
      },
      erase: function (name: unknown): void {
        const n = fileName(name);
        delete self.cache[n];
        storage.erase(n);
      },
      eraseAll: function (): void {
        self.cache = {};
        for (const n of storage.list()) storage.erase(n);
        storage.compact();
      },
      list: function (regex?: any, _filter?: unknown): any {
        const names = storage.list();
        const out: string[] = [];
        for (const n of names) {
          if (regex === undefined || regex === null || String(n).match(regex)) out.push(n);
        }
        return realm.array(out);
      },
      getFree: function (): number {
        return storage.getFree();
      },
      getStats: function (): any {
        return realm.value(storage.getStats());
      },
      compact: function (): void {
        self.cache = {};
        storage.compact();
      },
    });
  }

  /** Forgets cached reads (the flash changed behind the bundle's back, e.g. a test wrote a file). */
  invalidate(name?: string): void {
    if (name === undefined) this.cache = {};
    else delete this.cache[name];
  }

  private entry(name: string): CachedFile {
    let c = this.cache[name];
    if (!c) {
      c = {};
      this.cache[name] = c;
    }
    return c;
  }

  private text(name: string): string | undefined {
    const c = this.cache[name];
    if (c && c.text !== undefined) {
      this.stats.cacheHits++;
      return c.text;
    }
    const bytes = this.storage.read(name);
    if (!bytes) return undefined;
    this.stats.copies++;
    const text = bytesToLatin1(bytes);
    this.entry(name).text = text;
    return text;
  }

  private write(name: string, data: Uint8Array | string, offset: unknown, size: unknown): boolean {
    delete this.cache[name];
    const off = offset === undefined ? undefined : Math.floor(Number(offset)) || 0;
    const sz = size === undefined ? undefined : Math.floor(Number(size)) || undefined;
    try {
      this.storage.write(name, data, off, sz);
      return true;
    } catch (e) {
      if ((e as { code?: string }).code !== "FULL") throw e;
    }
    // Espruino compacts by itself when a new file finds no room, then tries once more; if that
    // fails too it throws (jsfWriteFile: "Unable to find or create file").
    if (this.storage.getStats().trashBytes === 0) throw this.realm.error(NO_ROOM);
    this.cache = {};
    this.stats.autoCompactions++;
    this.storage.compact();
    try {
      this.storage.write(name, data, off, sz);
      return true;
    } catch (e) {
      if ((e as { code?: string }).code !== "FULL") throw e;
      throw this.realm.error(NO_ROOM);
    }
  }
}

function isArrayBuffer(v: unknown): boolean {
  return Object.prototype.toString.call(v) === "[object ArrayBuffer]";
}

/** What Storage.write stores for a string, array, typed array or ArrayBuffer (anything else: its string). */
function toFlashData(data: unknown): Uint8Array | string {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (isArrayBuffer(data)) return new Uint8Array(data as ArrayBuffer);
  if (Array.isArray(data)) {
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]) & 0xff;
    return out;
  }
  return String(data);
}
