// A Central System on the simulated network (hal/sim/socket.ts), in simulated time: the server
// side of RFC 6455 (our frame codec, server mode) and OCPP-J, for tests and benchmarks that need
// many messages or simulated time. Every message is checked the way ocpp-rpc's strict mode checks
// it: the charger's requests against the official OCPP 1.6 .req schemas, its answers to our calls
// against the .conf schemas; failures are collected in `invalid`. Node-only.
import { createHash } from "crypto";
import { Clock } from "../../hal/clock";
import { SimNetwork, SimPeer } from "../../hal/sim/socket";
import { encodeFrame, OP_CLOSE, OP_PING, OP_PONG, OP_TEXT } from "../../firmware/ocpp/transport/ws-frame";
import { WsReader } from "../../firmware/ocpp/transport/ws-reader";
import { officialVerdict } from "./official-schemas";

export type IdTagStatus = "Accepted" | "Blocked" | "Expired" | "Invalid" | "ConcurrentTx";

export interface SimCall {
  t: number;
  action: string;
  payload: any;
}

/** An answer: a payload, or a CALLERROR, or nothing at all (the call times out at the charger). */
export type SimAnswer = { result: any } | { error: string } | "silence";

export interface SimCentralSystemOptions {
  /** idTag -> status for Authorize, StartTransaction and StopTransaction (others: Invalid). */
  idTags?: { [idTag: string]: IdTagStatus };
  /** UTC ms at simulated time 0 (currentTime of answers). Default 2024-05-01T10:00:00Z. */
  epochAtZeroMs?: number;
  heartbeatIntervalS?: number;
  /** Custom answer for a call of the charger; return undefined for the default. */
  answer?: (action: string, payload: any) => SimAnswer | undefined;
  /** Expected HTTP Basic password; connections without it get 401. */
  password?: string;
}

interface Conn {
  peer: SimPeer;
  open: boolean;
  send(text: string): void;
}

interface Pending {
  action: string;
  cb: (err: string | undefined, result: any) => void;
}

function acceptFor(key: string): string {
  return createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
}

export class SimCentralSystem {
  readonly received: SimCall[] = [];
  readonly invalid: string[] = [];
  /** Connections accepted so far. */
  connections = 0;
  nextTransactionId = 1;
  idTags: { [upper: string]: IdTagStatus } = {};
  private conn: Conn | undefined;
  private pending: { [id: string]: Pending } = {};
  private ids = 0;
  private readonly epochAtZero: number;
  /** Expected HTTP Basic password (undefined: none asked). */
  password: string | undefined;
  /** Sees every text frame from the charger first; returning true consumes it (fuzzing). */
  intercept: ((text: string) => boolean) | undefined;
  /** Custom answers (see SimCentralSystemOptions.answer); may be replaced at any time. */
  answer: ((action: string, payload: any) => SimAnswer | undefined) | undefined;

  constructor(private readonly net: SimNetwork, private readonly clock: Clock, readonly host: string, readonly port: number, private readonly opts: SimCentralSystemOptions = {}) {
    this.epochAtZero = opts.epochAtZeroMs === undefined ? Date.UTC(2024, 4, 1, 10, 0, 0) : opts.epochAtZeroMs;
    this.setIdTags(opts.idTags || {});
    this.password = opts.password;
    this.answer = opts.answer;
    this.listen();
  }

  setIdTags(map: { [idTag: string]: IdTagStatus }): void {
    this.idTags = {};
    for (const k of Object.keys(map)) this.idTags[k.toUpperCase()] = map[k] as IdTagStatus;
  }

  /** Accepts connections again after `refuse()`. */
  listen(): void {
    this.net.listen(this.host, this.port, (peer) => this.accept(peer));
  }

  /** New connections are refused (the existing one stays). */
  refuse(): void {
    this.net.unlisten(this.host, this.port);
  }

  /** Drops the current connection abruptly (both ends see a reset). */
  drop(): void {
    const link = this.net.last();
    if (link && link.state === "open") link.reset();
    this.conn = undefined;
    this.failPending("connection dropped");
  }

  isConnected(): boolean {
    return !!this.conn && this.conn.open;
  }

  now(): string {
    return new Date(this.epochAtZero + this.clock.now()).toISOString();
  }

  /** Calls of the charger with this action, in order. */
  calls(action: string): SimCall[] {
    return this.received.filter((c) => c.action === action);
  }

  /** Calls the charger; `cb` gets the result, or the CALLERROR code. */
  call(action: string, payload: any, cb: (err: string | undefined, result: any) => void): void {
    const c = this.conn;
    if (!c || !c.open) {
      cb("offline", undefined);
      return;
    }
    const id = "cs-" + ++this.ids;
    this.pending[id] = { action, cb };
    c.send(JSON.stringify([2, id, action, payload]));
  }

  /** Sends a raw text frame (fuzzing, malformed frames). */
  sendRaw(text: string): void {
    if (this.conn && this.conn.open) this.conn.send(text);
  }

  private failPending(why: string): void {
    const p = this.pending;
    this.pending = {};
    for (const id of Object.keys(p)) p[id]!.cb(why, undefined);
  }

  private accept(peer: SimPeer): void {
    let head = "";
    let upgraded = false;
    const conn: Conn = {
      peer,
      open: false,
      send: (text) => peer.write(encodeFrame(OP_TEXT, Buffer.from(text, "utf8").toString("latin1"), true, undefined)),
    };
    const reader = new WsReader(
      {
        onMessage: (_op, data) => this.onText(conn, Buffer.from(data, "latin1").toString("utf8")),
        onControl: (op, payload) => {
          if (op === OP_PING) peer.write(encodeFrame(OP_PONG, payload, true, undefined));
          else if (op === OP_CLOSE) {
            peer.write(encodeFrame(OP_CLOSE, payload.slice(0, 2), true, undefined));
            peer.end();
          }
        },
        onReadError: (code, reason) => {
          this.invalid.push("websocket read error " + code + " " + reason);
          peer.destroy();
        },
      },
      1 << 20,
      true,
    );
    peer.onData = (chunk) => {
      if (upgraded) {
        reader.push(chunk);
        return;
      }
      head += chunk;
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      const headers: Record<string, string> = {};
      for (const l of head.slice(0, end).split("\r\n").slice(1)) {
        const i = l.indexOf(":");
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      if (this.password !== undefined) {
        const auth = headers["authorization"] || "";
        const decoded = Buffer.from(auth.replace(/^Basic /, ""), "base64").toString("latin1");
        if (decoded.slice(decoded.indexOf(":") + 1) !== this.password) {
          peer.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
          peer.end();
          return;
        }
      }
      upgraded = true;
      peer.write(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
          "Sec-WebSocket-Accept: " + acceptFor(headers["sec-websocket-key"] || "") + "\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n",
      );
      conn.open = true;
      this.connections++;
      this.failPending("replaced by a new connection");
      this.conn = conn;
      const rest = head.slice(end + 4);
      if (rest) reader.push(rest);
    };
    peer.onClose = () => {
      conn.open = false;
      if (this.conn === conn) {
        this.conn = undefined;
        this.failPending("connection closed");
      }
    };
  }

  private onText(conn: Conn, text: string): void {
    if (this.intercept && this.intercept(text)) return;
    let m: any;
    try {
      m = JSON.parse(text);
    } catch {
      this.invalid.push("not JSON: " + text.slice(0, 100));
      return;
    }
    if (!Array.isArray(m)) {
      this.invalid.push("not an array: " + text.slice(0, 100));
      return;
    }
    if (m[0] === 2) {
      const [, id, action, payload] = m;
      this.received.push({ t: this.clock.now(), action, payload });
      const verdict = officialVerdict(action + ".req", payload);
      if (verdict !== undefined) this.invalid.push(action + ".req " + verdict + ": " + text.slice(0, 200));
      const a = this.answerFor(action, payload);
      if (a === "silence") return;
      if ("error" in a) conn.send(JSON.stringify([4, id, a.error, "", {}]));
      else conn.send(JSON.stringify([3, id, a.result]));
      return;
    }
    const p = this.pending[m[1]];
    if (!p) {
      this.invalid.push("answer to no call: " + text.slice(0, 100));
      return;
    }
    delete this.pending[m[1]];
    if (m[0] === 3) {
      const verdict = officialVerdict(p.action + ".conf", m[2]);
      if (verdict !== undefined) this.invalid.push(p.action + ".conf " + verdict + ": " + text.slice(0, 200));
      p.cb(undefined, m[2]);
    } else if (m[0] === 4) p.cb(String(m[2]), undefined);
    else this.invalid.push("bad frame: " + text.slice(0, 100));
  }

  private info(idTag: string): { status: IdTagStatus } {
    return { status: this.idTags[String(idTag).toUpperCase()] || "Invalid" };
  }

  private answerFor(action: string, payload: any): SimAnswer {
    const custom = this.answer ? this.answer(action, payload) : undefined;
    if (custom !== undefined) return custom;
    switch (action) {
      case "BootNotification":
        return { result: { status: "Accepted", currentTime: this.now(), interval: this.opts.heartbeatIntervalS || 300 } };
      case "Heartbeat":
        return { result: { currentTime: this.now() } };
      case "Authorize":
        return { result: { idTagInfo: this.info(payload.idTag) } };
      case "StartTransaction":
        return { result: { transactionId: this.nextTransactionId++, idTagInfo: this.info(payload.idTag) } };
      case "StopTransaction":
        return { result: payload.idTag ? { idTagInfo: this.info(payload.idTag) } : {} };
      case "DataTransfer":
        return { result: { status: "UnknownVendorId" } };
      case "StatusNotification":
      case "MeterValues":
        return { result: {} };
      default:
        return { error: "NotImplemented" };
    }
  }
}
