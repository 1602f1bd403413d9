import { codedError } from "../../../hal/coded-error";
import { utf8Encode } from "./utf8";

/** Where a WebSocket connects: from a ws:// or wss:// URL. */
export interface WsEndpoint {
  tls: boolean;
  host: string;
  port: number;
  /** Request target: path and query, starting with "/". */
  path: string;
}

const HEX = "0123456789ABCDEF";

/** Percent-encodes everything but RFC 3986 unreserved characters (UTF-8 first). */
export function percentEncode(s: string): string {
  const bytes = utf8Encode(s);
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    const unreserved =
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95 || c === 126;
    out += unreserved ? bytes.charAt(i) : "%" + HEX.charAt(c >> 4) + HEX.charAt(c & 15);
  }
  return out;
}

function parsePort(text: string, url: string): number {
  if (!text.length || text.length > 5) throw codedError("BAD_URL", "bad port in " + url);
  let port = 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw codedError("BAD_URL", "bad port in " + url);
    port = port * 10 + d;
  }
  if (port < 1 || port > 65535) throw codedError("BAD_URL", "bad port in " + url);
  return port;
}

/**
 * Parses `ws://host[:port][/path][?query]` or `wss://...`, and appends "/" + the percent-encoded
 * `chargePointId` to the path (OCPP-J 1.6 §3.1.1). Throws a coded "BAD_URL" error otherwise.
 */
export function wsEndpoint(url: string, chargePointId: string): WsEndpoint {
  let rest: string;
  let tls: boolean;
  const lower = url.toLowerCase();
  if (lower.indexOf("ws://") === 0) {
    tls = false;
    rest = url.substring(5);
  } else if (lower.indexOf("wss://") === 0) {
    tls = true;
    rest = url.substring(6);
  } else throw codedError("BAD_URL", "backend URL must start with ws:// or wss://: " + url);
  let slash = rest.indexOf("/");
  const q = rest.indexOf("?");
  if (q >= 0 && (slash < 0 || q < slash)) slash = q;
  const authority = slash < 0 ? rest : rest.substring(0, slash);
  let pathAndQuery = slash < 0 ? "/" : rest.substring(slash);
  if (pathAndQuery.charAt(0) === "?") pathAndQuery = "/" + pathAndQuery;
  if (authority.indexOf("@") >= 0) throw codedError("BAD_URL", "credentials in the URL are not supported; use AuthorizationKey");
  let host = authority;
  let port = tls ? 443 : 80;
  if (authority.charAt(0) === "[") {
    const close = authority.indexOf("]");
    if (close < 0) throw codedError("BAD_URL", "unclosed IPv6 address in " + url);
    host = authority.substring(1, close);
    const after = authority.substring(close + 1);
    if (after.length) {
      if (after.charAt(0) !== ":") throw codedError("BAD_URL", "bad port in " + url);
      port = parsePort(after.substring(1), url);
    }
  } else {
    const colon = authority.indexOf(":");
    if (colon >= 0) {
      host = authority.substring(0, colon);
      port = parsePort(authority.substring(colon + 1), url);
    }
  }
  if (!host.length) throw codedError("BAD_URL", "no host in " + url);
  const qs = pathAndQuery.indexOf("?");
  let path = qs < 0 ? pathAndQuery : pathAndQuery.substring(0, qs);
  const query = qs < 0 ? "" : pathAndQuery.substring(qs);
  if (path.charAt(path.length - 1) !== "/") path += "/";
  return { tls: tls, host: host, port: port, path: path + percentEncode(chargePointId) + query };
}
