// A WebSocket server on the SimNetwork for tests: our own frame codec in server mode, with
// hooks to misbehave (wrong accept, no subprotocol, HTTP 401, silence).
import { createHash } from "crypto";
import { SimNetwork, SimPeer } from "../../hal/sim/socket";
import { encodeFrame, OP_CLOSE, OP_PING, OP_PONG, OP_TEXT } from "../../firmware/ocpp/transport/ws-frame";
import { WsReader } from "../../firmware/ocpp/transport/ws-reader";

export interface ServerConn {
  peer: SimPeer;
  request: { line: string; headers: Record<string, string> };
  messages: string[];
  pings: string[];
  pongs: string[];
  closes: string[];
  closed: boolean;
  sendText(text: string): void;
  sendRaw(bytes: string): void;
  ping(payload: string): void;
  close(code: number, reason: string): void;
}

export interface SimWsServerOptions {
  /** Build the HTTP answer; default: a correct 101 with `ocpp1.6`. */
  respond?: (req: { line: string; headers: Record<string, string> }, accept: string) => string;
  /** Answer pings automatically (default true). */
  autoPong?: boolean;
  onMessage?: (conn: ServerConn, text: string) => void;
}

export function acceptFor(key: string): string {
  return createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
}

export function upgradeResponse(accept: string, protocol: string | undefined, extra = ""): string {
  return (
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
    "Sec-WebSocket-Accept: " + accept + "\r\n" +
    (protocol === undefined ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n") + extra + "\r\n"
  );
}

export class SimWsServer {
  readonly conns: ServerConn[] = [];

  constructor(network: SimNetwork, host: string, port: number, private readonly opts: SimWsServerOptions = {}) {
    network.listen(host, port, (peer) => this.accept(peer));
  }

  last(): ServerConn {
    const c = this.conns[this.conns.length - 1];
    if (!c) throw new Error("no connection yet");
    return c;
  }

  private accept(peer: SimPeer): void {
    let head = "";
    let upgraded = false;
    const opts = this.opts;
    const conn: ServerConn = {
      peer,
      request: { line: "", headers: {} },
      messages: [],
      pings: [],
      pongs: [],
      closes: [],
      closed: false,
      sendText: (text) => peer.write(encodeFrame(OP_TEXT, Buffer.from(text, "utf8").toString("latin1"), true, undefined)),
      sendRaw: (bytes) => peer.write(bytes),
      ping: (payload) => peer.write(encodeFrame(OP_PING, payload, true, undefined)),
      close: (code, reason) => peer.write(encodeFrame(OP_CLOSE, String.fromCharCode(code >> 8, code & 255) + reason, true, undefined)),
    };
    const reader = new WsReader(
      {
        onMessage: (_op, data) => {
          const text = Buffer.from(data, "latin1").toString("utf8");
          conn.messages.push(text);
          if (opts.onMessage) opts.onMessage(conn, text);
        },
        onControl: (op, payload) => {
          if (op === OP_PING) {
            conn.pings.push(payload);
            if (opts.autoPong !== false) peer.write(encodeFrame(OP_PONG, payload, true, undefined));
          } else if (op === OP_PONG) conn.pongs.push(payload);
          else if (op === OP_CLOSE) {
            conn.closes.push(payload);
            peer.write(encodeFrame(OP_CLOSE, payload.slice(0, 2), true, undefined));
            peer.end();
          }
        },
        onReadError: (code, reason) => {
          throw new Error("server read error " + code + " " + reason);
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
      const lines = head.slice(0, end).split("\r\n");
      conn.request.line = lines[0] as string;
      for (const l of lines.slice(1)) {
        const i = l.indexOf(":");
        conn.request.headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const accept = acceptFor(conn.request.headers["sec-websocket-key"] || "");
      const response = opts.respond ? opts.respond(conn.request, accept) : upgradeResponse(accept, "ocpp1.6");
      upgraded = response.startsWith("HTTP/1.1 101");
      peer.write(response);
      if (!upgraded) {
        peer.end();
        return;
      }
      const rest = head.slice(end + 4);
      if (upgraded && rest) reader.push(rest);
    };
    peer.onClose = () => {
      conn.closed = true;
    };
    this.conns.push(conn);
  }
}
