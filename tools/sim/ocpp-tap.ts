// Node only. Reads the OCPP-J traffic of the simulated unit off its network link: every byte the
// charger writes or receives goes through a WebSocket decoder (HTTP upgrade, then frames, masked or
// not, fragmented or not) and each text message that is an OCPP-J CALL, CALLRESULT or CALLERROR is
// recorded with the simulated time. Works whatever the Central System is (local or `--backend`),
// because it watches the wire, not a server.
//
//   const link = new OcppTapLink({ route }, () => board.clock.now());
//   link.frames                     // every OCPP message both ways, in order
//   link.settle()                   // also waits (real time, bounded) for the peer's answers
import { performance } from "perf_hooks";
import { LinkEvents, LinkSocket, LinkTarget, NetworkLink, NetworkLinkOptions } from "./network-link";

export type FrameDirection = "out" | "in";

export interface OcppFrame {
  /** Simulated ms when the bytes went through the link. */
  atMs: number;
  /** out = written by the charger, in = received by it. */
  dir: FrameDirection;
  /** Connection number (1, 2, ...), one per socket the charger opened. */
  connection: number;
  kind: "call" | "result" | "error";
  /** OCPP-J message id. */
  id: string;
  /** The action: of the CALL itself, or of the CALL a result/error answers (if it was seen). */
  action: string;
  payload: unknown;
  /** The message as it travelled. */
  text: string;
}

/** Link-level happenings worth showing (connects, handshakes, closes). */
export interface LinkNote {
  atMs: number;
  connection: number;
  text: string;
}

export interface WsMessage {
  opcode: number;
  text: string;
}

/**
 * One direction of a WebSocket stream, as bytes in 8-bit strings: first the HTTP request or
 * response up to the blank line, then frames. Control frames are reported as they come;
 * fragmented data messages are joined. Anything malformed stops the decoding (reported once).
 */
export class WsStreamDecoder {
  private buf = "";
  private headerDone = false;
  private fragments = "";
  private fragOpcode = -1;
  private broken = false;
  /** The HTTP header block (request line or status line first), once complete. */
  header: string | undefined;

  push(chunk: string): WsMessage[] {
    const out: WsMessage[] = [];
    if (this.broken) return out;
    this.buf += chunk;
    if (!this.headerDone) {
      const end = this.buf.indexOf("\r\n\r\n");
      if (end < 0) return out;
      this.header = this.buf.substring(0, end);
      this.buf = this.buf.substring(end + 4);
      this.headerDone = true;
    }
    for (;;) {
      const frame = this.nextFrame();
      if (!frame) break;
      if (frame.opcode >= 8) {
        out.push({ opcode: frame.opcode, text: frame.payload });
        continue;
      }
      if (frame.opcode !== 0) {
        this.fragOpcode = frame.opcode;
        this.fragments = "";
      }
      this.fragments += frame.payload;
      if (frame.fin && this.fragOpcode >= 0) {
        const text = this.fragOpcode === 1 ? Buffer.from(this.fragments, "latin1").toString("utf8") : this.fragments;
        out.push({ opcode: this.fragOpcode, text });
        this.fragOpcode = -1;
        this.fragments = "";
      }
    }
    return out;
  }

  isBroken(): boolean {
    return this.broken;
  }

  private nextFrame(): { fin: boolean; opcode: number; payload: string } | undefined {
    const b = this.buf;
    if (b.length < 2) return undefined;
    const b0 = b.charCodeAt(0);
    const b1 = b.charCodeAt(1);
    let len = b1 & 0x7f;
    let at = 2;
    if (len === 126) {
      if (b.length < 4) return undefined;
      len = (b.charCodeAt(2) << 8) | b.charCodeAt(3);
      at = 4;
    } else if (len === 127) {
      if (b.length < 10) return undefined;
      len = 0;
      for (let i = 2; i < 10; i++) len = len * 256 + b.charCodeAt(i);
      at = 10;
      if (len > 16 * 1024 * 1024) {
        this.broken = true;
        return undefined;
      }
    }
    const masked = (b1 & 0x80) !== 0;
    const maskAt = at;
    if (masked) at += 4;
    if (b.length < at + len) return undefined;
    let payload = b.substring(at, at + len);
    if (masked) {
      const chars: string[] = [];
      for (let i = 0; i < len; i++) chars.push(String.fromCharCode(payload.charCodeAt(i) ^ b.charCodeAt(maskAt + (i & 3))));
      payload = chars.join("");
    }
    this.buf = b.substring(at + len);
    return { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload };
  }
}

interface Awaiting {
  action: string;
  sentAt: number;
}

class TapConnection {
  readonly outbound = new WsStreamDecoder();
  readonly inbound = new WsStreamDecoder();
  /** Calls sent each way, by id, waiting for their answer (to name the action of the answer). */
  readonly callsOut: { [id: string]: Awaiting } = {};
  readonly callsIn: { [id: string]: Awaiting } = {};
  closed = false;
  handshakeSentAt = -1;
  handshakeAnswered = false;
  constructor(readonly id: number) {}
}

export interface OcppTapOptions extends NetworkLinkOptions {
  /**
   * settle() also waits, in real time, for the peer to answer each CALL the charger sent (and the
   * WebSocket upgrade), at most this long per message (default 1500 ms). So a Central System's
   * answer arrives in no simulated time, whatever the host's speed; a peer that never answers
   * costs this once per call.
   */
  answerWaitMs?: number;
}

export class OcppTapLink extends NetworkLink {
  readonly frames: OcppFrame[] = [];
  readonly notes: LinkNote[] = [];
  /** Called for every frame as it is recorded. */
  onFrame: ((f: OcppFrame) => void) | undefined;
  onNote: ((n: LinkNote) => void) | undefined;
  private readonly conns: TapConnection[] = [];
  private count = 0;
  private readonly answerWaitMs: number;

  constructor(options: OcppTapOptions, private readonly simNow: () => number) {
    super(options);
    this.answerWaitMs = options.answerWaitMs !== undefined ? options.answerWaitMs : 1500;
  }

  override connect(target: LinkTarget, events: LinkEvents): LinkSocket {
    const c = new TapConnection(++this.count);
    this.conns.push(c);
    const self = this;
    this.note(c, `connecting to ${target.tls ? "tls" : "tcp"} ${target.host}:${target.port}`);
    const wrapped: LinkEvents = {
      onConnect() {
        self.note(c, "connected");
        events.onConnect();
      },
      onData(chunk: string) {
        if (!c.closed) self.take(c, "in", chunk);
        events.onData(chunk);
      },
      onError(err) {
        self.note(c, `error ${err.code}: ${err.message}`);
        events.onError(err);
      },
      onClose() {
        self.forgetConnection(c);
        self.note(c, "closed");
        events.onClose();
      },
    };
    const sock = super.connect(target, wrapped);
    return {
      write(data: string) {
        if (!c.closed) self.take(c, "out", String(data));
        sock.write(data);
      },
      end() {
        self.forgetConnection(c);
        sock.end();
      },
      destroy() {
        self.forgetConnection(c);
        sock.destroy();
      },
    };
  }

  override setOnline(online: boolean): void {
    if (!online) for (const c of this.conns.slice()) this.forgetConnection(c);
    super.setOnline(online);
  }

  override closeAll(): void {
    for (const c of this.conns.slice()) this.forgetConnection(c);
    super.closeAll();
  }

  /** Frames recorded after index `from` that are CALLs the charger sent. */
  callsSentSince(from: number): OcppFrame[] {
    return this.frames.slice(from).filter((f) => f.dir === "out" && f.kind === "call");
  }

  /** Whether a charger CALL (or the WebSocket upgrade) still waits for the peer, within answerWaitMs. */
  waitingForPeer(): boolean {
    const now = performance.now();
    for (const c of this.conns) {
      if (c.closed) continue;
      if (c.handshakeSentAt >= 0 && !c.handshakeAnswered && now - c.handshakeSentAt < this.answerWaitMs) return true;
      for (const id of Object.keys(c.callsOut)) {
        if (now - (c.callsOut[id] as Awaiting).sentAt < this.answerWaitMs) return true;
      }
    }
    return false;
  }

  override async settle(quietMs?: number, capMs?: number): Promise<void> {
    await super.settle(quietMs, capMs);
    while (this.waitingForPeer()) {
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
      await super.settle(quietMs, capMs);
    }
  }

  private forgetConnection(c: TapConnection): void {
    if (c.closed) return;
    c.closed = true;
    const i = this.conns.indexOf(c);
    if (i >= 0) this.conns.splice(i, 1);
  }

  private note(c: TapConnection, text: string): void {
    const n: LinkNote = { atMs: this.simNow(), connection: c.id, text };
    this.notes.push(n);
    if (this.onNote) this.onNote(n);
  }

  private take(c: TapConnection, dir: FrameDirection, chunk: string): void {
    const decoder = dir === "out" ? c.outbound : c.inbound;
    const hadHeader = decoder.header !== undefined;
    if (dir === "out" && c.handshakeSentAt < 0) c.handshakeSentAt = performance.now();
    const messages = decoder.push(chunk);
    if (!hadHeader && decoder.header !== undefined) {
      const first = decoder.header.split("\r\n")[0] || "";
      if (dir === "in") c.handshakeAnswered = true;
      this.note(c, dir === "out" ? `websocket request: ${first}` : `websocket answer: ${first}`);
    }
    for (const m of messages) {
      if (m.opcode === 8) this.note(c, `websocket close frame (${dir === "out" ? "from the charger" : "from the peer"})`);
      if (m.opcode !== 1) continue;
      this.record(c, dir, m.text);
    }
  }

  private record(c: TapConnection, dir: FrameDirection, text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(msg) || typeof msg[1] !== "string") return;
    const type = msg[0];
    const id = msg[1] as string;
    const mine = dir === "out" ? c.callsOut : c.callsIn;
    const theirs = dir === "out" ? c.callsIn : c.callsOut;
    let frame: OcppFrame | undefined;
    if (type === 2 && typeof msg[2] === "string") {
      mine[id] = { action: msg[2], sentAt: performance.now() };
      frame = { atMs: this.simNow(), dir, connection: c.id, kind: "call", id, action: msg[2], payload: msg[3], text };
    } else if (type === 3 || type === 4) {
      const call = theirs[id];
      delete theirs[id];
      frame = {
        atMs: this.simNow(), dir, connection: c.id, kind: type === 3 ? "result" : "error", id,
        action: call ? call.action : "?", payload: type === 3 ? msg[2] : { errorCode: msg[2], errorDescription: msg[3] }, text,
      };
    }
    if (!frame) return;
    this.frames.push(frame);
    if (this.onFrame) this.onFrame(frame);
  }
}
