import { compareKeys, hashKey } from "./id-tag-key";

/**
 * A fixed-size RAM index of the newest record per key in a log file (open addressing).
 * Each slot holds the record's offset in the file (0 = empty) and one byte of the key's hash, so a
 * probe only reads a record from flash when that byte matches. Its size is set once (it does not
 * grow with the list); `keys` counts the distinct keys in it.
 */
export class TagIndex {
  readonly slots: Uint16Array;
  readonly tags: Uint8Array;
  readonly maxKeys: number;
  keys = 0;
  /** Records read from flash by probes (for the lookup cost figures). */
  reads = 0;
  private readonly mask: number;

  /** `size` must be a power of two; at most size * 5 / 8 keys are kept so probes stay short. */
  constructor(size: number) {
    this.slots = new Uint16Array(size);
    this.tags = new Uint8Array(size);
    this.mask = size - 1;
    this.maxKeys = (size * 5) >> 3;
  }

  clear(): void {
    this.slots.fill(0);
    this.keys = 0;
  }

  /** Offset of the newest record for the key in `view`, or 0. */
  find(view: Uint8Array, code: number, key: Uint8Array, keyAt: number): number {
    const h = hashKey(code, key, keyAt);
    const tag = (h >> 16) & 0xff;
    let i = h & this.mask;
    for (;;) {
      const off = this.slots[i] as number;
      if (off === 0) return 0;
      if (this.tags[i] === tag) {
        this.reads++;
        if (compareKeys(view[off] as number, view, off + 1, code, key, keyAt) === 0) return off;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Records that the record at `off` in `view` is the newest for its key. Returns true for a new key. */
  put(view: Uint8Array, off: number): boolean {
    const code = view[off] as number;
    const h = hashKey(code, view, off + 1);
    const tag = (h >> 16) & 0xff;
    let i = h & this.mask;
    for (;;) {
      const cur = this.slots[i] as number;
      if (cur === 0) {
        this.slots[i] = off;
        this.tags[i] = tag;
        this.keys++;
        return true;
      }
      if (this.tags[i] === tag && compareKeys(view[cur] as number, view, cur + 1, code, view, off + 1) === 0) {
        this.slots[i] = off;
        return false;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** True if the key is already indexed (no flash reads are counted). */
  has(view: Uint8Array, code: number, key: Uint8Array, keyAt: number): boolean {
    const r = this.reads;
    const found = this.find(view, code, key, keyAt) !== 0;
    this.reads = r;
    return found;
  }
}
