// The WebSocket client against the `ws` library's server over loopback, through the Node socket binding.
import { readFileSync } from "fs";
import { createServer as createHttpsServer } from "https";
import { join } from "path";
import { AddressInfo } from "net";
import { IncomingMessage } from "http";
import { WebSocket, WebSocketServer } from "ws";
import { NodeClock } from "../../../../hal/node/clock";
import { NodeSocketConnector } from "../../../../hal/node/socket";
import { WsLink, WsLinkOptions } from "../../../../firmware/ocpp/transport/ws-link";
import { waitFor } from "../../../support/wait";

interface Peer {
  wss: WebSocketServer;
  url: string;
  sockets: WebSocket[];
  requests: IncomingMessage[];
  received: string[];
  closes: number[];
  pings: number;
  pongs: number;
}

async function startServer(opts: { protocol?: string | false; requireAuth?: string; autoPong?: boolean } = {}): Promise<Peer> {
  const peer = { sockets: [], requests: [], received: [], closes: [], pings: 0, pongs: 0 } as unknown as Peer;
  peer.wss = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    autoPong: opts.autoPong !== false,
    handleProtocols: (protocols) => (opts.protocol === undefined ? (protocols.has("ocpp1.6") ? "ocpp1.6" : false) : opts.protocol),
    verifyClient: (info, cb) => {
      if (opts.requireAuth && info.req.headers.authorization !== opts.requireAuth) cb(false, 401, "Unauthorized");
      else cb(true);
    },
  });
  peer.wss.on("connection", (ws, req) => {
    peer.sockets.push(ws);
    peer.requests.push(req);
    ws.on("message", (data, isBinary) => {
      peer.received.push(isBinary ? "<binary>" : data.toString("utf8"));
    });
    ws.on("close", (code) => peer.closes.push(code));
    ws.on("ping", () => peer.pings++);
    ws.on("pong", () => peer.pongs++);
  });
  await new Promise<void>((r) => peer.wss.on("listening", () => r()));
  peer.url = `ws://127.0.0.1:${(peer.wss.address() as AddressInfo).port}/ocpp`;
  return peer;
}

function startLink(url: string, extra: Partial<WsLinkOptions> = {}) {
  const events: string[] = [];
  const messages: string[] = [];
  const link = new WsLink(new NodeSocketConnector(), new NodeClock(), {
    url,
    chargePointId: "CP 1",
    webSocketPingIntervalS: 0,
    reconnectInitialMs: 60_000,
    ...extra,
  });
  link.setListener({
    onLinkOpen: () => events.push("open"),
    onLinkMessage: (t) => messages.push(t),
    onLinkClose: (e) => events.push("close:" + (e ? e.code : "clean")),
  });
  link.start();
  return { link, events, messages };
}

describe("WebSocket client against the ws library's server", () => {
  let peer: Peer;
  let link: WsLink | undefined;
  afterEach(async () => {
    if (link) link.stop();
    link = undefined;
    for (const s of peer.sockets) s.terminate();
    await new Promise((r) => peer.wss.close(() => r(undefined)));
  });

  test("handshake (path, subprotocol, Basic auth); text both ways incl. 64-bit lengths, fragments and UTF-8", async () => {
    const auth = "Basic " + Buffer.from("CP 1:secretsecret1234").toString("base64");
    peer = await startServer({ requireAuth: auth });
    const c = startLink(peer.url, { authorizationKey: "secretsecret1234", maxMessageBytes: 200_000 });
    link = c.link;
    await waitFor(() => c.events.includes("open"), "open");
    const req = peer.requests[0]!;
    expect(req.url).toBe("/ocpp/CP%201");
    expect(req.headers["sec-websocket-protocol"]).toBe("ocpp1.6");
    const ws = peer.sockets[0]!;
    expect(ws.protocol).toBe("ocpp1.6");

    const big = "x".repeat(70_000);
    c.link.send('[2,"1","Heartbeat",{}]');
    c.link.send("héllo € 😀");
    c.link.send(big);
    await waitFor(() => peer.received.length === 3, "3 messages at the server");
    expect(peer.received).toEqual(['[2,"1","Heartbeat",{}]', "héllo € 😀", big]);

    ws.send("from server ✓");
    ws.send(big);
    ws.send("frag-1 ", { fin: false });
    ws.send("frag-2 ", { fin: false });
    ws.send("frag-3", { fin: true });
    ws.send("");
    await waitFor(() => c.messages.length === 4, "4 messages at the client");
    expect(c.messages).toEqual(["from server ✓", big, "frag-1 frag-2 frag-3", ""]);
  });

  test("pings are sent and answered; server pings get pongs", async () => {
    peer = await startServer();
    const c = startLink(peer.url, { webSocketPingIntervalS: 0.05, pongTimeoutMs: 500 });
    link = c.link;
    await waitFor(() => c.events.includes("open"), "open");
    peer.sockets[0]!.ping("hello");
    await waitFor(() => peer.pings >= 4 && peer.pongs === 1, "pings both ways");
    expect(c.events).toEqual(["open"]);
  });

  test("a server that stops answering pings is taken for dead", async () => {
    peer = await startServer({ autoPong: false });
    const c = startLink(peer.url, { webSocketPingIntervalS: 0.05, pongTimeoutMs: 100 });
    link = c.link;
    await waitFor(() => c.events.length === 2, "close");
    expect(c.events).toEqual(["open", "close:WS_PING_TIMEOUT"]);
  });

  test("close handshakes from either side", async () => {
    peer = await startServer();
    const c = startLink(peer.url, { reconnectInitialMs: 100_000 });
    link = c.link;
    await waitFor(() => c.events.includes("open"), "open");
    peer.sockets[0]!.close(1001, "going away");
    await waitFor(() => c.events.length === 2 && peer.closes.length === 1, "server close");
    expect(c.events[1]).toBe("close:WS_CLOSED");
    expect(peer.closes).toEqual([1001]);

    const d = startLink(peer.url);
    await waitFor(() => d.events.includes("open"), "open");
    d.link.stop();
    await waitFor(() => peer.closes.length === 2, "client close");
    expect(peer.closes[1]).toBe(1000);
    expect(d.events).toEqual(["open", "close:clean"]);
  });

  test.each([
    ["no subprotocol chosen", { protocol: false as const }, "WS_SUBPROTOCOL"],
    ["401", { requireAuth: "Basic nope" }, "WS_UNAUTHORIZED"],
  ])("%s: refused with a clear error", async (_name, opts, code) => {
    peer = await startServer(opts);
    const c = startLink(peer.url);
    link = c.link;
    await waitFor(() => c.link.lastError !== undefined, "error");
    expect(c.link.lastError!.code).toBe(code);
    expect(c.events).toEqual([]);
  });
});

describe("security profile 2: wss:// with Basic auth", () => {
  test("TLS through the Node socket binding, server certificate checked against the given CA", async () => {
    const cert = readFileSync(join(__dirname, "../../../support/tls/localhost-cert.pem"), "utf8");
    const key = readFileSync(join(__dirname, "../../../support/tls/localhost-key.pem"), "utf8");
    const https = createHttpsServer({ cert, key });
    const auth = "Basic " + Buffer.from("CP 1:secretsecret1234").toString("base64");
    const wss = new WebSocketServer({
      server: https,
      handleProtocols: (p) => (p.has("ocpp1.6") ? "ocpp1.6" : false),
      verifyClient: (info, cb) => (info.req.headers.authorization === auth ? cb(true) : cb(false, 401, "Unauthorized")),
    });
    const got: string[] = [];
    wss.on("connection", (ws) => ws.on("message", (d) => got.push(d.toString())));
    await new Promise<void>((r) => https.listen(0, "127.0.0.1", () => r()));
    const port = (https.address() as AddressInfo).port;
    try {
      const c = startLink(`wss://localhost:${port}/ocpp`, { authorizationKey: "secretsecret1234", ca: cert });
      await waitFor(() => c.events.includes("open"), "open over TLS");
      c.link.send("over tls");
      await waitFor(() => got.length === 1, "message over TLS");
      expect(got).toEqual(["over tls"]);
      c.link.stop();

      // Without the CA the certificate is refused: the link never opens.
      const d = startLink(`wss://localhost:${port}/ocpp`, { authorizationKey: "secretsecret1234" });
      await waitFor(() => d.link.lastError !== undefined, "TLS failure");
      expect(d.link.lastError!.code).toBe("WS_SOCKET");
      expect(d.events).toEqual([]);
      d.link.stop();
    } finally {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((r) => wss.close(() => r(undefined)));
      await new Promise((r) => https.close(() => r(undefined)));
    }
  });
});
