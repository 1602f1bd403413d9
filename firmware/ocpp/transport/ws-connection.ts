import { Cancel, Clock } from "../../../hal/clock";
import { Socket, SocketConnector, SocketListener } from "../../../hal/socket";
import { codedError, CodedError } from "../../../hal/coded-error";
import {
  CLOSE_ABNORMAL,
  CLOSE_INVALID_DATA,
  CLOSE_NO_STATUS,
  CLOSE_PROTOCOL_ERROR,
  CLOSE_UNSUPPORTED_DATA,
  encodeFrame,
  OP_BINARY,
  OP_CLOSE,
  OP_PING,
  OP_PONG,
  OP_TEXT,
} from "./ws-frame";
import { buildHandshakeRequest, checkHandshake, expectedAccept, HandshakeReader, makeWebSocketKey } from "./ws-handshake";
import { WsReader, WsReaderSink } from "./ws-reader";
import { Sha1 } from "./sha1";
import { utf8Decode, utf8Encode } from "./utf8";

export interface WsConnectionOptions {
  host: string;
  port: number;
  tls: boolean;
  /** Request target, e.g. "/ocpp/CP-1". */
  path: string;
  ca?: string;
  /** Subprotocol requested and required in the answer, e.g. "ocpp1.6". */
  protocol: string;
  /** Full Authorization header value, if any. */
  authorization?: string;
  /** Largest message accepted (bytes, after reassembly); larger ones close with 1009. */
  maxMessageBytes: number;
  /** Ping every this many ms once open; 0 = no pings. */
  pingIntervalMs: number;
  /** A ping not answered by a pong within this many ms means the link is dead. */
  pongTimeoutMs: number;
  /** TCP + TLS + upgrade must complete within this many ms. */
  openTimeoutMs: number;
  /** After a close frame, wait this long for the other side before dropping the socket. */
  closeTimeoutMs: number;
  random: () => number;
  sha1: Sha1;
}

export interface WsCloseInfo {
  /** Close status: the peer's (or ours if we closed), 1006 when the link just died. */
  code: number;
  reason: string;
  /** Whether the connection had opened (handshake done). */
  wasOpen: boolean;
  /** Why it failed, for anything but an orderly close. */
  error?: CodedError;
}

export interface WsConnectionListener {
  onOpen(): void;
  /** A complete text message, decoded from UTF-8. */
  onMessage(text: string): void;
  /** Exactly once, last. */
  onClose(info: WsCloseInfo): void;
}

const MAX_HANDSHAKE_HEAD = 4096;

/**
 * One WebSocket client connection (RFC 6455) over a hal Socket: opening handshake, masked text
 * frames out, reassembled text messages in, ping/pong keep-alive with dead-link detection, and the
 * close handshake. It never reconnects: WsLink does that.
 */
export class WsConnection implements SocketListener, WsReaderSink {
  state: "connecting" | "open" | "closing" | "closed" = "connecting";
  private readonly socket: Socket;
  private readonly key: string;
  private readonly handshake: HandshakeReader;
  private readonly reader: WsReader;
  private upgraded = false;
  private closeSent = false;
  private closeInfo: WsCloseInfo | undefined;
  private openTimer: Cancel | undefined;
  private pingTimer: Cancel | undefined;
  private pongTimer: Cancel | undefined;
  private closeTimer: Cancel | undefined;
  private pingCount = 0;

  constructor(
    connector: SocketConnector,
    private readonly clock: Clock,
    private readonly opts: WsConnectionOptions,
    private readonly listener: WsConnectionListener,
  ) {
    this.key = makeWebSocketKey(opts.random);
    this.handshake = new HandshakeReader(MAX_HANDSHAKE_HEAD);
    this.reader = new WsReader(this, opts.maxMessageBytes, false);
    const self = this;
    this.openTimer = clock.after(opts.openTimeoutMs, function () {
      self.openTimer = undefined;
      self.fail(CLOSE_ABNORMAL, codedError("WS_TIMEOUT", "no WebSocket within " + opts.openTimeoutMs + " ms"));
    });
    this.socket = connector.connect({ host: opts.host, port: opts.port, tls: opts.tls, ca: opts.ca }, this);
  }

  /** Sends a text message; false if the connection is not open. */
  send(text: string): boolean {
    if (this.state !== "open") return false;
    this.socket.write(encodeFrame(OP_TEXT, utf8Encode(text), true, this.newMask()));
    return true;
  }

  /** Starts the closing handshake (status `code`, default 1000). */
  close(code?: number, reason?: string): void {
    if (this.state === "closed" || this.state === "closing") return;
    if (this.state === "connecting") {
      this.drop(CLOSE_ABNORMAL, reason || "closed before open", undefined);
      return;
    }
    this.startClosing(code === undefined ? 1000 : code, reason || "", undefined);
  }

  /** Drops the connection now, without a closing handshake. */
  abort(reason: string): void {
    this.drop(CLOSE_ABNORMAL, reason, codedError("WS_ABORTED", reason));
  }

  // ---- SocketListener

  onConnect(): void {
    if (this.state !== "connecting") return;
    this.socket.write(
      buildHandshakeRequest({
        host: this.opts.host,
        port: this.opts.port,
        tls: this.opts.tls,
        path: this.opts.path,
        key: this.key,
        protocol: this.opts.protocol,
        authorization: this.opts.authorization,
      }),
    );
  }

  onData(chunk: string): void {
    if (this.upgraded) {
      if (this.state === "open" || this.state === "closing") this.reader.push(chunk);
      return;
    }
    if (this.state !== "connecting") return;
    let got;
    try {
      got = this.handshake.push(chunk);
    } catch (e) {
      this.fail(CLOSE_ABNORMAL, e as CodedError);
      return;
    }
    if (!got) return;
    const problem = checkHandshake(got.response, expectedAccept(this.key, this.opts.sha1), this.opts.protocol);
    if (problem) {
      this.fail(CLOSE_ABNORMAL, problem);
      return;
    }
    this.upgraded = true;
    this.state = "open";
    this.cancelTimer("openTimer");
    this.startPings();
    this.listener.onOpen();
    if (got.rest.length && this.state === "open") this.reader.push(got.rest);
  }

  onError(err: Error): void {
    if (this.closeInfo) return;
    const e = err as CodedError;
    this.closeInfo = {
      code: CLOSE_ABNORMAL,
      reason: err.message,
      wasOpen: this.upgraded,
      error: codedError("WS_SOCKET", "socket: " + (e.code ? e.code + " " : "") + err.message),
    };
  }

  onClose(): void {
    if (this.state === "closed") return;
    this.state = "closed";
    this.reader.stop();
    this.cancelTimer("openTimer");
    this.cancelTimer("pingTimer");
    this.cancelTimer("pongTimer");
    this.cancelTimer("closeTimer");
    const info = this.closeInfo || {
      code: CLOSE_ABNORMAL,
      reason: "connection lost",
      wasOpen: this.upgraded,
      error: codedError("WS_LOST", this.upgraded ? "connection lost without a close frame" : "connection closed before the WebSocket opened"),
    };
    info.wasOpen = this.upgraded;
    this.listener.onClose(info);
  }

  // ---- WsReaderSink

  onMessage(opcode: number, data: string): void {
    if (this.state !== "open") return;
    if (opcode === OP_BINARY) {
      this.fail(CLOSE_UNSUPPORTED_DATA, codedError("WS_PROTOCOL", "binary message (OCPP-J uses text only)"));
      return;
    }
    const text = utf8Decode(data);
    if (text === undefined) {
      this.fail(CLOSE_INVALID_DATA, codedError("WS_PROTOCOL", "text message is not valid UTF-8"));
      return;
    }
    this.listener.onMessage(text);
  }

  onControl(opcode: number, payload: string): void {
    if (this.state === "closed") return;
    if (opcode === OP_PING) {
      if (this.state === "open") this.socket.write(encodeFrame(OP_PONG, payload, true, this.newMask()));
      return;
    }
    if (opcode === OP_PONG) {
      this.cancelTimer("pongTimer");
      return;
    }
    if (opcode === OP_CLOSE) this.onCloseFrame(payload);
  }

  onReadError(closeCode: number, reason: string): void {
    this.fail(closeCode, codedError(closeCode === 1009 ? "WS_TOO_BIG" : "WS_PROTOCOL", reason));
  }

  // ---- internals

  private onCloseFrame(payload: string): void {
    let code = CLOSE_NO_STATUS;
    let reason = "";
    if (payload.length === 1) {
      this.fail(CLOSE_PROTOCOL_ERROR, codedError("WS_PROTOCOL", "close frame with a 1-byte payload"));
      return;
    }
    if (payload.length >= 2) {
      code = (payload.charCodeAt(0) << 8) | payload.charCodeAt(1);
      const decoded = utf8Decode(payload.substring(2));
      if (decoded === undefined) {
        this.fail(CLOSE_PROTOCOL_ERROR, codedError("WS_PROTOCOL", "close reason is not valid UTF-8"));
        return;
      }
      reason = decoded;
    }
    if (!this.closeInfo) {
      this.closeInfo = { code: code, reason: reason, wasOpen: true, error: code === 1000 ? undefined : codedError("WS_CLOSED", "closed by the Central System: " + code + (reason ? " " + reason : "")) };
    }
    // Echo the close (RFC 6455 §5.5.1), then let the server close TCP, or close it after a while.
    if (!this.closeSent) this.sendClose(code === CLOSE_NO_STATUS ? -1 : code, "");
    this.state = "closing";
    this.cancelTimer("pingTimer");
    this.cancelTimer("pongTimer");
    this.socket.end();
    this.armCloseTimer();
  }

  private startClosing(code: number, reason: string, error: CodedError | undefined): void {
    if (!this.closeInfo) this.closeInfo = { code: code, reason: reason, wasOpen: this.upgraded, error: error };
    if (this.state === "open") this.sendClose(code, reason);
    this.state = "closing";
    this.cancelTimer("pingTimer");
    this.cancelTimer("pongTimer");
    this.armCloseTimer();
  }

  /** Fails the connection (RFC 6455 §7.1.7): a close frame if open, then drop. */
  private fail(code: number, error: CodedError): void {
    if (this.state === "closed") return;
    if (this.state === "open") {
      this.reader.stop();
      this.startClosing(code, error.message.substring(0, 100), error);
      this.socket.end();
      return;
    }
    this.drop(code, error.message, error);
  }

  private drop(code: number, reason: string, error: CodedError | undefined): void {
    if (this.state === "closed") return;
    if (!this.closeInfo) this.closeInfo = { code: code, reason: reason, wasOpen: this.upgraded, error: error };
    this.state = "closing";
    this.reader.stop();
    this.cancelTimer("pingTimer");
    this.cancelTimer("pongTimer");
    this.socket.destroy();
  }

  private sendClose(code: number, reason: string): void {
    this.closeSent = true;
    const body = code < 0 ? "" : String.fromCharCode((code >> 8) & 255, code & 255) + utf8Encode(reason).substring(0, 123);
    this.socket.write(encodeFrame(OP_CLOSE, body, true, this.newMask()));
  }

  private armCloseTimer(): void {
    if (this.closeTimer) return;
    const self = this;
    this.closeTimer = this.clock.after(this.opts.closeTimeoutMs, function () {
      self.closeTimer = undefined;
      self.socket.destroy();
    });
  }

  private startPings(): void {
    if (!(this.opts.pingIntervalMs > 0)) return;
    const self = this;
    this.pingTimer = this.clock.every(this.opts.pingIntervalMs, function () {
      self.ping();
    });
  }

  private ping(): void {
    if (this.state !== "open" || this.pongTimer) return;
    this.pingCount++;
    this.socket.write(encodeFrame(OP_PING, String(this.pingCount), true, this.newMask()));
    const self = this;
    this.pongTimer = this.clock.after(this.opts.pongTimeoutMs, function () {
      self.pongTimer = undefined;
      // Nothing came back: the link is dead, a close frame would not get through either.
      self.drop(CLOSE_ABNORMAL, "ping timeout", codedError("WS_PING_TIMEOUT", "no pong within " + self.opts.pongTimeoutMs + " ms"));
    });
  }

  private newMask(): string {
    const r = this.opts.random;
    return String.fromCharCode(Math.floor(r() * 256) & 255, Math.floor(r() * 256) & 255, Math.floor(r() * 256) & 255, Math.floor(r() * 256) & 255);
  }

  private cancelTimer(name: "openTimer" | "pingTimer" | "pongTimer" | "closeTimer"): void {
    const t = this[name];
    if (t) {
      this[name] = undefined;
      t();
    }
  }
}
