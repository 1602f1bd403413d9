// RFC 6455 §4.1 opening handshake, client side: the request, and the checks on the answer.
import { codedError, CodedError } from "../../../hal/coded-error";
import { base64Encode } from "./base64";
import { Sha1 } from "./sha1";

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export interface HandshakeRequest {
  host: string;
  port: number;
  tls: boolean;
  path: string;
  /** Sec-WebSocket-Key: base64 of 16 random bytes. */
  key: string;
  /** Subprotocol to request, e.g. "ocpp1.6". */
  protocol: string;
  /** Full Authorization header value, if any. */
  authorization?: string;
}

/** Sec-WebSocket-Key from 16 bytes of `random()` (values in [0, 1)). */
export function makeWebSocketKey(random: () => number): string {
  let bytes = "";
  for (let i = 0; i < 16; i++) bytes += String.fromCharCode(Math.floor(random() * 256) & 255);
  return base64Encode(bytes);
}

/** The Sec-WebSocket-Accept a server must answer for `key`. */
export function expectedAccept(key: string, sha1: Sha1): string {
  return base64Encode(sha1(key + WS_GUID));
}

export function buildHandshakeRequest(r: HandshakeRequest): string {
  const defaultPort = r.tls ? 443 : 80;
  const hostName = r.host.indexOf(":") >= 0 ? "[" + r.host + "]" : r.host;
  const hostHeader = r.port === defaultPort ? hostName : hostName + ":" + r.port;
  let s =
    "GET " + r.path + " HTTP/1.1\r\n" +
    "Host: " + hostHeader + "\r\n" +
    "Upgrade: websocket\r\n" +
    "Connection: Upgrade\r\n" +
    "Sec-WebSocket-Key: " + r.key + "\r\n" +
    "Sec-WebSocket-Version: 13\r\n" +
    "Sec-WebSocket-Protocol: " + r.protocol + "\r\n";
  if (r.authorization) s += "Authorization: " + r.authorization + "\r\n";
  return s + "\r\n";
}

/** The server's answer to the upgrade request. Header names are lower-cased. */
export interface HandshakeResponse {
  status: number;
  headers: { [name: string]: string };
}

function parseHead(head: string): HandshakeResponse {
  const lines = head.split("\r\n");
  const statusLine = lines[0] as string;
  // "HTTP/1.1 101 Switching Protocols"
  if (statusLine.indexOf("HTTP/1.") !== 0 || statusLine.charAt(8) !== " ") {
    throw codedError("WS_HANDSHAKE", "not an HTTP response: " + statusLine.substring(0, 40));
  }
  const code = statusLine.substring(9, 12);
  let status = 0;
  for (let i = 0; i < 3; i++) {
    const d = code.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) throw codedError("WS_HANDSHAKE", "bad HTTP status line: " + statusLine.substring(0, 40));
    status = status * 10 + d;
  }
  const headers: { [name: string]: string } = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(":");
    if (colon <= 0) throw codedError("WS_HANDSHAKE", "malformed header line: " + line.substring(0, 40));
    const name = line.substring(0, colon).trim().toLowerCase();
    const value = line.substring(colon + 1).trim();
    // Repeated headers combine as a list (RFC 9110 §5.3).
    headers[name] = headers[name] !== undefined ? headers[name] + ", " + value : value;
  }
  return { status: status, headers: headers };
}

function hasToken(list: string | undefined, token: string): boolean {
  if (list === undefined) return false;
  const parts = list.split(",");
  for (let i = 0; i < parts.length; i++) if ((parts[i] as string).trim().toLowerCase() === token) return true;
  return false;
}

/**
 * Collects the HTTP response head from the byte stream. `push` returns undefined until the blank
 * line has arrived; then the parsed response, with `rest` the bytes after the head (frames the
 * server sent right away). Throws a coded error on a malformed or oversized head.
 */
export class HandshakeReader {
  private buf = "";

  constructor(private readonly maxHeadBytes: number) {}

  push(chunk: string): { response: HandshakeResponse; rest: string } | undefined {
    this.buf += chunk;
    const end = this.buf.indexOf("\r\n\r\n");
    if (end < 0) {
      if (this.buf.length > this.maxHeadBytes) throw codedError("WS_HANDSHAKE", "handshake response head longer than " + this.maxHeadBytes + " bytes");
      return undefined;
    }
    if (end > this.maxHeadBytes) throw codedError("WS_HANDSHAKE", "handshake response head longer than " + this.maxHeadBytes + " bytes");
    const head = this.buf.substring(0, end);
    const rest = this.buf.substring(end + 4);
    this.buf = "";
    return { response: parseHead(head), rest: rest };
  }
}

/**
 * Why the server's answer does not open the WebSocket we asked for, or undefined if it does.
 * Codes: WS_UNAUTHORIZED (401: AuthorizationKey or id not accepted), WS_HTTP_STATUS (any other
 * non-101), WS_HANDSHAKE (Upgrade/Connection/Accept wrong, or an extension we never offered),
 * WS_SUBPROTOCOL (no or another subprotocol than requested).
 */
export function checkHandshake(res: HandshakeResponse, accept: string, protocol: string): CodedError | undefined {
  if (res.status === 401) return codedError("WS_UNAUTHORIZED", "the Central System refused the credentials (HTTP 401)");
  if (res.status !== 101) return codedError("WS_HTTP_STATUS", "the Central System answered HTTP " + res.status + " instead of 101");
  const h = res.headers;
  if (!hasToken(h["upgrade"], "websocket")) return codedError("WS_HANDSHAKE", "Upgrade header is not websocket");
  if (!hasToken(h["connection"], "upgrade")) return codedError("WS_HANDSHAKE", "Connection header lacks upgrade");
  if (h["sec-websocket-accept"] !== accept) return codedError("WS_HANDSHAKE", "wrong Sec-WebSocket-Accept");
  if (h["sec-websocket-extensions"] !== undefined && h["sec-websocket-extensions"] !== "") {
    return codedError("WS_HANDSHAKE", "server chose an extension that was not offered: " + h["sec-websocket-extensions"]);
  }
  const chosen = h["sec-websocket-protocol"];
  if (chosen === undefined) return codedError("WS_SUBPROTOCOL", "server chose no subprotocol (asked for " + protocol + ")");
  if (chosen !== protocol) return codedError("WS_SUBPROTOCOL", "server chose subprotocol " + chosen + " (asked for " + protocol + ")");
  return undefined;
}
