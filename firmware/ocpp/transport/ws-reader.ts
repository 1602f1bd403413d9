import {
  CLOSE_PROTOCOL_ERROR,
  CLOSE_TOO_BIG,
  FrameDecoder,
  FrameSink,
  OP_BINARY,
  OP_CONTINUATION,
  OP_TEXT,
} from "./ws-frame";

/** What a WsReader delivers: whole messages, control frames, or the reason to fail. */
export interface WsReaderSink {
  /** A complete data message: `opcode` OP_TEXT or OP_BINARY, `data` its raw bytes. */
  onMessage(opcode: number, data: string): void;
  /** A ping, pong or close frame (they may arrive between the fragments of a message). */
  onControl(opcode: number, payload: string): void;
  onReadError(closeCode: number, reason: string): void;
}

/**
 * Frames into messages (RFC 6455 §5.4): continuation frames are joined, the total size is capped
 * at `maxMessage` bytes (status 1009 past it), and out-of-order continuation is a protocol error.
 */
export class WsReader implements FrameSink {
  private readonly decoder: FrameDecoder;
  private partOpcode = -1;
  private parts = "";
  private failed = false;

  constructor(private readonly sink: WsReaderSink, private readonly maxMessage: number, masked: boolean) {
    this.decoder = new FrameDecoder(this, masked, maxMessage);
  }

  push(chunk: string): void {
    this.decoder.push(chunk);
  }

  /** Bytes held: undecoded input plus fragments of an unfinished message. */
  buffered(): number {
    return this.decoder.buffered() + this.parts.length;
  }

  stop(): void {
    this.failed = true;
    this.parts = "";
    this.decoder.stop();
  }

  onFrame(fin: boolean, opcode: number, payload: string): void {
    if (this.failed) return;
    if (opcode & 0x8) {
      this.sink.onControl(opcode, payload);
      return;
    }
    if (opcode === OP_CONTINUATION) {
      if (this.partOpcode < 0) return this.onFrameError(CLOSE_PROTOCOL_ERROR, "continuation frame without a message to continue");
      if (this.parts.length + payload.length > this.maxMessage) {
        return this.onFrameError(CLOSE_TOO_BIG, "message exceeds the limit of " + this.maxMessage + " bytes");
      }
      this.parts += payload;
      if (!fin) return;
      const whole = this.parts;
      const op = this.partOpcode;
      this.parts = "";
      this.partOpcode = -1;
      this.sink.onMessage(op, whole);
      return;
    }
    // OP_TEXT or OP_BINARY starts a message.
    if (this.partOpcode >= 0) return this.onFrameError(CLOSE_PROTOCOL_ERROR, "new message before the previous one was finished");
    if (fin) {
      this.sink.onMessage(opcode === OP_BINARY ? OP_BINARY : OP_TEXT, payload);
      return;
    }
    this.partOpcode = opcode;
    this.parts = payload;
  }

  onFrameError(closeCode: number, reason: string): void {
    if (this.failed) return;
    this.stop();
    this.sink.onReadError(closeCode, reason);
  }
}
