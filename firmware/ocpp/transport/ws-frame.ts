// RFC 6455 §5 frames on 8-bit strings: an encoder, and a decoder that accepts a byte stream cut
// into arbitrary pieces.

export const OP_CONTINUATION = 0x0;
export const OP_TEXT = 0x1;
export const OP_BINARY = 0x2;
export const OP_CLOSE = 0x8;
export const OP_PING = 0x9;
export const OP_PONG = 0xa;

/** Close status codes used here (RFC 6455 §7.4.1). */
export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_PROTOCOL_ERROR = 1002;
export const CLOSE_UNSUPPORTED_DATA = 1003;
export const CLOSE_NO_STATUS = 1005;
export const CLOSE_ABNORMAL = 1006;
export const CLOSE_INVALID_DATA = 1007;
export const CLOSE_TOO_BIG = 1009;

const TWO_32 = 4294967296;

/** `payload` XORed with the 4-byte `mask` (an 8-bit string), four bytes per step. */
export function applyMask(payload: string, mask: string): string {
  const m0 = mask.charCodeAt(0);
  const m1 = mask.charCodeAt(1);
  const m2 = mask.charCodeAt(2);
  const m3 = mask.charCodeAt(3);
  const n = payload.length;
  const whole = n - (n & 3);
  let out = "";
  let i = 0;
  for (; i < whole; i += 4) {
    out += String.fromCharCode(
      payload.charCodeAt(i) ^ m0,
      payload.charCodeAt(i + 1) ^ m1,
      payload.charCodeAt(i + 2) ^ m2,
      payload.charCodeAt(i + 3) ^ m3,
    );
  }
  if (i < n) out += String.fromCharCode(payload.charCodeAt(i) ^ m0);
  if (i + 1 < n) out += String.fromCharCode(payload.charCodeAt(i + 1) ^ m1);
  if (i + 2 < n) out += String.fromCharCode(payload.charCodeAt(i + 2) ^ m2);
  return out;
}

/**
 * One frame as bytes. `mask` is the 4-byte masking key (an 8-bit string) for frames a client
 * sends, or undefined for an unmasked (server) frame. `payload` is an 8-bit string.
 */
export function encodeFrame(opcode: number, payload: string, fin: boolean, mask: string | undefined): string {
  const len = payload.length;
  const maskBit = mask ? 0x80 : 0;
  let head = String.fromCharCode((fin ? 0x80 : 0) | opcode);
  if (len < 126) head += String.fromCharCode(maskBit | len);
  else if (len < 65536) head += String.fromCharCode(maskBit | 126, len >> 8, len & 255);
  else {
    const hi = Math.floor(len / TWO_32);
    const lo = len % TWO_32;
    head += String.fromCharCode(maskBit | 127, (hi >>> 24) & 255, (hi >>> 16) & 255, (hi >>> 8) & 255, hi & 255);
    head += String.fromCharCode((lo >>> 24) & 255, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255);
  }
  if (!mask) return head + payload;
  return head + mask + applyMask(payload, mask);
}

/** Receives what a FrameDecoder finds. */
export interface FrameSink {
  onFrame(fin: boolean, opcode: number, payload: string): void;
  /** The stream broke the protocol; `closeCode` is the status to close with. No frame follows. */
  onFrameError(closeCode: number, reason: string): void;
}

/**
 * Cuts a byte stream into frames. A client decodes unmasked frames (`masked` false: a masked frame
 * from a server is an error, RFC 6455 §5.1); a server, masked ones. Frames whose payload exceeds
 * `maxPayload` are refused from their header, before their payload is buffered.
 */
export class FrameDecoder {
  private buf = "";
  private failed = false;

  constructor(
    private readonly sink: FrameSink,
    private readonly masked: boolean,
    private readonly maxPayload: number,
  ) {}

  /** Bytes waiting for the rest of their frame. */
  buffered(): number {
    return this.buf.length;
  }

  push(chunk: string): void {
    if (this.failed) return;
    const buf = this.buf.length ? this.buf + chunk : chunk;
    let pos = 0;
    for (;;) {
      const used = this.parseOne(buf, pos);
      if (used <= 0) break;
      pos += used;
      if (this.failed) return;
    }
    if (this.failed) return;
    this.buf = pos === 0 ? buf : buf.substring(pos);
  }

  /** Ignores everything from now on (the connection is failing). */
  stop(): void {
    this.failed = true;
    this.buf = "";
  }

  /** Parses one frame at `pos`; returns the bytes it used, 0 if incomplete, -1 on error. */
  private parseOne(buf: string, pos: number): number {
    const avail = buf.length - pos;
    if (avail < 2) return 0;
    const b0 = buf.charCodeAt(pos);
    const b1 = buf.charCodeAt(pos + 1);
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if (b0 & 0x70) return this.fail(CLOSE_PROTOCOL_ERROR, "reserved bits set without an extension");
    const control = (opcode & 0x8) !== 0;
    if (opcode !== OP_CONTINUATION && opcode !== OP_TEXT && opcode !== OP_BINARY && opcode !== OP_CLOSE && opcode !== OP_PING && opcode !== OP_PONG) {
      return this.fail(CLOSE_PROTOCOL_ERROR, "unknown opcode " + opcode);
    }
    const isMasked = (b1 & 0x80) !== 0;
    if (isMasked !== this.masked) return this.fail(CLOSE_PROTOCOL_ERROR, isMasked ? "masked frame from server" : "unmasked frame from client");
    let len = b1 & 0x7f;
    let head = 2;
    if (control && (!fin || len > 125)) return this.fail(CLOSE_PROTOCOL_ERROR, "control frame fragmented or longer than 125 bytes");
    if (len === 126) {
      if (avail < 4) return 0;
      len = (buf.charCodeAt(pos + 2) << 8) | buf.charCodeAt(pos + 3);
      head = 4;
    } else if (len === 127) {
      if (avail < 10) return 0;
      const hi = ((buf.charCodeAt(pos + 2) << 24) | (buf.charCodeAt(pos + 3) << 16) | (buf.charCodeAt(pos + 4) << 8) | buf.charCodeAt(pos + 5)) >>> 0;
      const lo = ((buf.charCodeAt(pos + 6) << 24) | (buf.charCodeAt(pos + 7) << 16) | (buf.charCodeAt(pos + 8) << 8) | buf.charCodeAt(pos + 9)) >>> 0;
      if (hi >= 0x80000000) return this.fail(CLOSE_PROTOCOL_ERROR, "64-bit length with its top bit set");
      len = hi * TWO_32 + lo;
      head = 10;
    }
    if (len > this.maxPayload) return this.fail(CLOSE_TOO_BIG, "frame of " + len + " bytes exceeds the limit of " + this.maxPayload);
    if (isMasked) head += 4;
    if (avail < head + len) return 0;
    let payload = buf.substring(pos + head, pos + head + len);
    if (isMasked) payload = applyMask(payload, buf.substring(pos + head - 4, pos + head));
    this.sink.onFrame(fin, opcode, payload);
    return head + len;
  }

  private fail(code: number, reason: string): number {
    this.failed = true;
    this.buf = "";
    this.sink.onFrameError(code, reason);
    return -1;
  }
}
