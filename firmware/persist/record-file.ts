import { FlashStorage } from "../../hal/storage";
import { crc32 } from "./crc32";
import { getU32, putU32, putString, bytesToString } from "./bytes";
import { codedError } from "../../hal/coded-error";

/**
 * A small record (a string, usually JSON) kept in flash so that a power cut at any write leaves
 * either the old or the new value, never a mix.
 *
 * Two slot files, `<name>~0` and `<name>~1`, are written alternately. Each holds
 * [magic 'R1'][sequence u32][length u32][crc32 u32][payload]. Reading picks the valid slot with the
 * higher sequence; a slot cut part-way fails its checksum and is ignored. Saving rewrites only the
 * older slot, so the newest good value is never touched while the next one is written.
 */
const MAGIC0 = 0x52; // 'R'
const MAGIC1 = 0x31; // '1'
const HEADER = 14;

export interface RecordLoad {
  value: string | undefined;
  /** A slot held bytes that failed their checksum (reported, never used). */
  corrupt: boolean;
}

export class RecordFile {
  private seq = 0;
  private slot = 0;
  private loaded = false;

  constructor(private readonly storage: FlashStorage, private readonly name: string) {
    if (name.length < 1 || name.length > 26) {
      throw codedError("NAME", "RecordFile: name must be 1..26 characters: " + name);
    }
  }

  load(): RecordLoad {
    let best: string | undefined;
    let bestSeq = -1;
    let bestSlot = 1;
    let corrupt = false;
    for (let s = 0; s < 2; s++) {
      const b = this.storage.read(this.name + "~" + s);
      if (!b) continue;
      const seq = this.check(b);
      if (seq < 0) {
        corrupt = true;
        continue;
      }
      if (seq > bestSeq) {
        bestSeq = seq;
        bestSlot = s;
        best = bytesToString(b, HEADER, HEADER + getU32(b, 6));
      }
    }
    this.seq = bestSeq < 0 ? 0 : bestSeq;
    this.slot = bestSlot;
    this.loaded = true;
    return { value: best, corrupt: corrupt };
  }

  /**
   * The record read as JSON, or undefined when there is none or it is not JSON. What went wrong
   * goes to `problems` as "<what>: ...", a text that is not JSON followed by `instead` (what the
   * caller does without it).
   */
  loadJson(what: string, instead: string, problems: string[]): any {
    const got = this.load();
    if (got.corrupt) problems.push(what + ": a stored copy failed its checksum (the other is used)");
    if (got.value === undefined) return undefined;
    try {
      return JSON.parse(got.value);
    } catch (e) {
      problems.push(what + ": stored record is not JSON; " + instead);
      return undefined;
    }
  }

  save(value: string): void {
    if (!this.loaded) this.load();
    const b = new Uint8Array(HEADER + value.length);
    b[0] = MAGIC0;
    b[1] = MAGIC1;
    putU32(b, 2, this.seq + 1);
    putU32(b, 6, value.length);
    putString(b, HEADER, value);
    putU32(b, 10, crc32(b, HEADER, b.length, crc32(b, 0, 10, 0)));
    const next = 1 - this.slot;
    this.storage.write(this.name + "~" + next, b);
    this.seq++;
    this.slot = next;
  }

  /** Removes both slots (the record reads as absent afterwards). */
  clear(): void {
    this.storage.erase(this.name + "~0");
    this.storage.erase(this.name + "~1");
    this.seq = 0;
    this.slot = 1;
    this.loaded = true;
  }

  /** Sequence number of a valid slot, or -1. */
  private check(b: Uint8Array): number {
    if (b.length < HEADER || b[0] !== MAGIC0 || b[1] !== MAGIC1) return -1;
    const len = getU32(b, 6);
    if (HEADER + len > b.length) return -1;
    if (crc32(b, HEADER, HEADER + len, crc32(b, 0, 10, 0)) !== getU32(b, 10)) return -1;
    return getU32(b, 2);
  }
}
