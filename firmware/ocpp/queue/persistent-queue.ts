import { FlashStorage } from "../../../hal/storage";
import { crc32 } from "../../persist/crc32";
import { getU16, getU32, putU16, putU32, putString, bytesToString } from "../../persist/bytes";
import { codedError } from "../../../hal/coded-error";

/**
 * A first-in first-out queue of small messages in flash that survives power cuts at any write:
 * delivered at least once, in order, never with different data.
 *
 * Messages are appended to segment files `<prefix><firstSeq>` (fixed size, written only onto
 * erased bytes). Each record: [0xA5][ack flag][len u16][seq u32][kind u8][crc32 u32][payload].
 * Acknowledging writes 0x00 over the record's ack flag (a single byte still at 0xFF), so a cut
 * there only means the message is sent again. A record cut part-way fails its checksum: the rest of
 * its segment is abandoned and the next append opens a new segment. A segment whose records are all
 * acknowledged is erased (its flash comes back at the next Storage compaction).
 */
const MAGIC = 0xa5;
const HEADER = 13;

export interface QueuedMessage {
  seq: number;
  kind: number;
  payload: string;
}

interface Segment {
  name: string;
  firstSeq: number;
  /** Offsets of records, in order. */
  offsets: number[];
  /** End of the last valid record (where the next append goes). */
  tail: number;
  /** No more appends (a damaged record was found, or it is not the newest segment). */
  sealed: boolean;
}

export interface QueueOptions {
  segmentBytes?: number;
  /** Most flash the queue's live segments may hold. */
  maxBytes?: number;
}

export class PersistentQueue {
  private segments: Segment[] = [];
  private nextSeq = 1;
  private readonly segmentBytes: number;
  private readonly maxBytes: number;
  /** Records found damaged at open (reported, never delivered). */
  damaged = 0;

  constructor(private readonly storage: FlashStorage, private readonly prefix: string, options?: QueueOptions) {
    const o = options || {};
    this.segmentBytes = o.segmentBytes || 4096;
    this.maxBytes = o.maxBytes || 32768;
    if (prefix.length < 1 || prefix.length > 16) throw codedError("NAME", "PersistentQueue: prefix must be 1..16 characters");
  }

  /** Reads the segments from flash (at boot). */
  open(): void {
    this.segments = [];
    this.damaged = 0;
    const names = this.storage.list(this.prefix);
    const found: Segment[] = [];
    for (const name of names) {
      const rest = name.substr(this.prefix.length);
      if (rest.length < 1 || rest.length > 10 || !/^[0-9]+$/.test(rest)) continue;
      found.push({ name: name, firstSeq: parseInt(rest, 10), offsets: [], tail: 0, sealed: true });
    }
    found.sort(function (a, b) { return a.firstSeq - b.firstSeq; });
    for (const seg of found) {
      this.scan(seg);
      this.segments.push(seg);
    }
    // Only the newest segment takes appends.
    for (let i = 0; i < this.segments.length - 1; i++) (this.segments[i] as Segment).sealed = true;
    this.nextSeq = 1;
    for (const seg of this.segments) {
      const last = this.lastSeqOf(seg);
      if (last + 1 > this.nextSeq) this.nextSeq = last + 1;
      if (seg.firstSeq > this.nextSeq) this.nextSeq = seg.firstSeq;
    }
    this.dropAcknowledgedSegments();
  }

  /** Appends a message; throws code "FULL" if the queue has no room. Returns its sequence number. */
  push(kind: number, payload: string): number {
    const len = HEADER + payload.length;
    if (len > this.segmentBytes) throw codedError("SIZE", "PersistentQueue: message of " + len + " bytes exceeds a segment");
    let seg = this.segments[this.segments.length - 1];
    const fresh = !seg || seg.sealed || seg.tail + len > this.segmentBytes;
    if (fresh && this.usedBytes() + this.segmentBytes > this.maxBytes) {
      throw codedError("FULL", "PersistentQueue '" + this.prefix + "' is full (" + this.count() + " messages waiting)");
    }
    const seq = this.nextSeq;
    const rec = new Uint8Array(len);
    rec[0] = MAGIC;
    rec[1] = 0xff;
    putU16(rec, 2, payload.length);
    putU32(rec, 4, seq);
    rec[8] = kind & 0xff;
    putString(rec, HEADER, payload);
    putU32(rec, 9, this.recordCrc(rec, payload.length));
    if (fresh) {
      if (seg) seg.sealed = true;
      seg = { name: this.prefix + seq, firstSeq: seq, offsets: [], tail: 0, sealed: false };
      this.segments.push(seg);
      this.storage.write(seg.name, rec, 0, this.segmentBytes);
    } else {
      // At offset 0 the size must be given, or Espruino would replace the (still empty) file.
      this.storage.write((seg as Segment).name, rec, (seg as Segment).tail, (seg as Segment).tail === 0 ? this.segmentBytes : undefined);
    }
    const s = seg as Segment;
    s.offsets.push(s.tail);
    s.tail += len;
    this.nextSeq = seq + 1;
    return seq;
  }

  /** The oldest message not yet acknowledged. */
  peek(): QueuedMessage | undefined {
    for (const seg of this.segments) {
      const b = this.storage.read(seg.name);
      if (!b) continue;
      for (const off of seg.offsets) {
        if (b[off + 1] === 0xff) return this.decode(b, off);
      }
    }
    return undefined;
  }

  /** Marks message `seq` delivered. */
  ack(seq: number): void {
    for (const seg of this.segments) {
      const b = this.storage.read(seg.name);
      if (!b) continue;
      for (const off of seg.offsets) {
        if (getU32(b, off + 4) === seq) {
          if (b[off + 1] === 0xff) this.storage.write(seg.name, new Uint8Array([0]), off + 1);
          this.dropAcknowledgedSegments();
          return;
        }
      }
    }
  }

  /** Every message not yet acknowledged, oldest first (for status and for replaying state at boot). */
  pending(): QueuedMessage[] {
    const out: QueuedMessage[] = [];
    this.forEachPending(function (m) { out.push(m); });
    return out;
  }

  forEachPending(fn: (m: QueuedMessage) => void): void {
    for (const seg of this.segments) {
      const b = this.storage.read(seg.name);
      if (!b) continue;
      for (const off of seg.offsets) if (b[off + 1] === 0xff) fn(this.decode(b, off));
    }
  }

  count(): number {
    let n = 0;
    for (const seg of this.segments) {
      const b = this.storage.read(seg.name);
      if (!b) continue;
      for (const off of seg.offsets) if (b[off + 1] === 0xff) n++;
    }
    return n;
  }

  usedBytes(): number {
    return this.segments.length * this.segmentBytes;
  }

  /**
   * Bytes still free for records (13-byte header each): unused segments plus the room left in the
   * newest one. A record never spans segments, so slightly less may fit.
   */
  freeBytes(): number {
    const seg = this.segments[this.segments.length - 1];
    const tail = seg && !seg.sealed ? this.segmentBytes - seg.tail : 0;
    return this.maxBytes - this.usedBytes() + tail;
  }

  /** True if a message of `payloadBytes` can be appended now. */
  hasRoomFor(payloadBytes: number): boolean {
    const seg = this.segments[this.segments.length - 1];
    if (seg && !seg.sealed && seg.tail + HEADER + payloadBytes <= this.segmentBytes) return true;
    return this.usedBytes() + this.segmentBytes <= this.maxBytes;
  }

  /** Erases every segment (factory reset). */
  clear(): void {
    for (const seg of this.segments) this.storage.erase(seg.name);
    this.segments = [];
  }

  private decode(b: Uint8Array, off: number): QueuedMessage {
    const len = getU16(b, off + 2);
    return { seq: getU32(b, off + 4), kind: b[off + 8] as number, payload: bytesToString(b, off + HEADER, off + HEADER + len) };
  }

  private recordCrc(b: Uint8Array, len: number): number {
    const c = crc32(b, 2, 9, 0);
    return crc32(b, 0 + HEADER, HEADER + len, c);
  }

  private scan(seg: Segment): void {
    const b = this.storage.read(seg.name);
    if (!b) return;
    let off = 0;
    let seq = seg.firstSeq;
    while (off + HEADER <= b.length) {
      if (b[off] === 0xff) {
        seg.sealed = false;
        break;
      }
      const len = getU16(b, off + 2);
      const ok = b[off] === MAGIC && off + HEADER + len <= b.length && getU32(b, off + 4) === seq &&
        crc32(b, off + HEADER, off + HEADER + len, crc32(b, off + 2, off + 9, 0)) === getU32(b, off + 9);
      if (!ok) {
        this.damaged++;
        seg.sealed = true;
        break;
      }
      seg.offsets.push(off);
      off += HEADER + len;
      seq++;
    }
    seg.tail = off;
  }

  private lastSeqOf(seg: Segment): number {
    return seg.offsets.length ? seg.firstSeq + seg.offsets.length - 1 : seg.firstSeq - 1;
  }

  private dropAcknowledgedSegments(): void {
    const keep: Segment[] = [];
    const last = this.segments[this.segments.length - 1];
    for (const seg of this.segments) {
      const b = this.storage.read(seg.name);
      let live = false;
      if (b) for (const off of seg.offsets) if (b[off + 1] === 0xff) { live = true; break; }
      if (!live && (seg !== last || seg.sealed)) this.storage.erase(seg.name);
      else keep.push(seg);
    }
    this.segments = keep;
  }
}
