import {
  buildHandshakeRequest,
  checkHandshake,
  expectedAccept,
  HandshakeReader,
  makeWebSocketKey,
} from "../../../../firmware/ocpp/transport/ws-handshake";
import { sha1 } from "../../../../firmware/ocpp/transport/sha1";
import { base64Decode } from "../../../../firmware/ocpp/transport/base64";
import { basicAuthorization, authorizationKeyToPassword } from "../../../../firmware/ocpp/transport/basic-auth";
import { wsEndpoint } from "../../../../firmware/ocpp/transport/ws-url";

describe("handshake request", () => {
  test("key is base64 of 16 random bytes", () => {
    let i = 0;
    const key = makeWebSocketKey(() => (i++ % 256) / 256);
    expect(key).toHaveLength(24);
    expect(Array.from(Buffer.from(base64Decode(key) as string, "latin1"))).toEqual(Array.from({ length: 16 }, (_, k) => k));
  });

  test("RFC 6455 sample accept", () => {
    expect(expectedAccept("dGhlIHNhbXBsZSBub25jZQ==", sha1)).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  });

  test("request carries upgrade, key, version, subprotocol, auth; Host omits the default port", () => {
    const req = buildHandshakeRequest({ host: "cs.example", port: 443, tls: true, path: "/ocpp/CP%201", key: "KEY", protocol: "ocpp1.6", authorization: "Basic abc" });
    expect(req).toBe(
      "GET /ocpp/CP%201 HTTP/1.1\r\nHost: cs.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: KEY\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\nAuthorization: Basic abc\r\n\r\n",
    );
    expect(buildHandshakeRequest({ host: "::1", port: 9000, tls: false, path: "/", key: "K", protocol: "ocpp1.6" })).toContain("Host: [::1]:9000\r\n");
  });
});

describe("handshake response", () => {
  const accept = expectedAccept("KEY", sha1);
  const good = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n`;

  test("head arriving byte by byte, with frame bytes after it", () => {
    const r = new HandshakeReader(4096);
    const stream = good + "\x81\x00";
    let got;
    for (let i = 0; i < stream.length && !got; i++) got = r.push(stream[i] as string);
    expect(got).toBeDefined();
    expect(got!.response.status).toBe(101);
    expect(got!.response.headers["sec-websocket-protocol"]).toBe("ocpp1.6");
    expect(checkHandshake(got!.response, accept, "ocpp1.6")).toBeUndefined();
    const r2 = new HandshakeReader(4096);
    expect(r2.push(stream)!.rest).toBe("\x81\x00");
  });

  const variants: [string, string, string][] = [
    ["wrong accept", good.replace(accept, "AAAAAAAAAAAAAAAAAAAAAAAAAAA="), "WS_HANDSHAKE"],
    ["no subprotocol", good.replace("Sec-WebSocket-Protocol: ocpp1.6\r\n", ""), "WS_SUBPROTOCOL"],
    ["other subprotocol", good.replace("ocpp1.6", "ocpp2.0.1"), "WS_SUBPROTOCOL"],
    ["no upgrade header", good.replace("Upgrade: WebSocket\r\n", ""), "WS_HANDSHAKE"],
    ["connection without upgrade", good.replace("keep-alive, Upgrade", "keep-alive"), "WS_HANDSHAKE"],
    ["unrequested extension", good.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"), "WS_HANDSHAKE"],
    ["401", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n\r\n", "WS_UNAUTHORIZED"],
    ["404", "HTTP/1.1 404 Not Found\r\n\r\n", "WS_HTTP_STATUS"],
  ];
  test.each(variants)("%s is refused", (_name, head, code) => {
    const got = new HandshakeReader(4096).push(head)!;
    expect(checkHandshake(got.response, accept, "ocpp1.6")?.code).toBe(code);
  });

  test("malformed or oversized heads throw coded errors", () => {
    expect(() => new HandshakeReader(4096).push("SSH-2.0-OpenSSH\r\n\r\n")).toThrow(expect.objectContaining({ code: "WS_HANDSHAKE" }));
    expect(() => new HandshakeReader(4096).push("HTTP/1.1 1x1 Hm\r\n\r\n")).toThrow(expect.objectContaining({ code: "WS_HANDSHAKE" }));
    expect(() => new HandshakeReader(100).push("HTTP/1.1 101 OK\r\n" + "X: y\r\n".repeat(30))).toThrow(expect.objectContaining({ code: "WS_HANDSHAKE" }));
  });
});

describe("URL and Basic auth", () => {
  test("path = URL path + / + percent-encoded id; ports default per scheme", () => {
    expect(wsEndpoint("ws://cs.local:9000/ocpp", "CP 1")).toEqual({ tls: false, host: "cs.local", port: 9000, path: "/ocpp/CP%201" });
    expect(wsEndpoint("wss://cs.example/ocpp/", "CP1")).toEqual({ tls: true, host: "cs.example", port: 443, path: "/ocpp/CP1" });
    expect(wsEndpoint("ws://cs.example", "é")).toEqual({ tls: false, host: "cs.example", port: 80, path: "/%C3%A9" });
    expect(wsEndpoint("ws://[::1]:8080/x?t=1", "CP1")).toEqual({ tls: false, host: "::1", port: 8080, path: "/x/CP1?t=1" });
  });

  test.each(["http://cs", "ws://", "ws://h:0/", "ws://h:99999/", "ws://h:x/", "ws://user:pw@h/"])("%s is refused", (url) => {
    expect(() => wsEndpoint(url, "CP1")).toThrow(expect.objectContaining({ code: "BAD_URL" }));
  });

  test("a 32..40 hex-digit AuthorizationKey is sent as the bytes it encodes; others as they are", () => {
    const hexKey = "00112233445566778899aabbccddeeff00112233";
    expect(Buffer.from(authorizationKeyToPassword(hexKey), "latin1").toString("hex")).toBe(hexKey);
    expect(authorizationKeyToPassword("plain-password-16")).toBe("plain-password-16");
    expect(authorizationKeyToPassword("zz112233445566778899aabbccddeeff")).toBe("zz112233445566778899aabbccddeeff");
    expect(basicAuthorization("CP1", "secretsecret1234")).toBe("Basic " + Buffer.from("CP1:secretsecret1234").toString("base64"));
    expect(basicAuthorization("CP1", hexKey)).toBe("Basic " + Buffer.concat([Buffer.from("CP1:"), Buffer.from(hexKey, "hex")]).toString("base64"));
  });
});
