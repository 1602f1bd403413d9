import fc from "fast-check";
import { SimClock } from "../../../../hal/sim/clock";
import { SimNetwork } from "../../../../hal/sim/socket";
import { encodeFrame, OP_CONTINUATION, OP_TEXT } from "../../../../firmware/ocpp/transport/ws-frame";
import { WsLink, WsLinkOptions } from "../../../../firmware/ocpp/transport/ws-link";
import { seededRandom } from "../../../../tools/ocpp-testkit/seeded-random";
import { SimWsServer, SimWsServerOptions, upgradeResponse } from "../../../support/sim-ws-server";

function setup(linkOpts: Partial<WsLinkOptions> = {}, serverOpts: SimWsServerOptions = {}) {
  const clock = new SimClock();
  const net = new SimNetwork(clock, 5);
  const server = new SimWsServer(net, "cs.local", 9000, serverOpts);
  const events: string[] = [];
  const link = new WsLink(net, clock, {
    url: "ws://cs.local:9000/ocpp",
    chargePointId: "CP1",
    webSocketPingIntervalS: 0,
    random: seededRandom(1),
    ...linkOpts,
  });
  link.setListener({
    onLinkOpen: () => events.push("open"),
    onLinkMessage: (t) => events.push("msg:" + t),
    onLinkClose: (e) => events.push("close:" + (e ? e.code : "clean")),
  });
  return { clock, net, server, link, events };
}

describe("WsLink over a simulated network", () => {
  test("opens with path, subprotocol and Basic auth; text flows both ways, fragmented and byte by byte", () => {
    const { clock, server, link, events } = setup({ authorizationKey: "secretsecret1234" });
    link.start();
    clock.advance(100);
    expect(events).toEqual(["open"]);
    expect(link.isOpen()).toBe(true);
    const req = server.last().request;
    expect(req.line).toBe("GET /ocpp/CP1 HTTP/1.1");
    expect(req.headers["sec-websocket-protocol"]).toBe("ocpp1.6");
    expect(req.headers["authorization"]).toBe("Basic " + Buffer.from("CP1:secretsecret1234").toString("base64"));

    expect(link.send('[2,"1","Heartbeat",{}]')).toBe(true);
    expect(link.send("héllo")).toBe(true);
    clock.advance(10);
    expect(server.last().messages).toEqual(['[2,"1","Heartbeat",{}]', "héllo"]);

    server.last().sendText('[3,"1",{}]');
    const fragmented = encodeFrame(OP_TEXT, "[3,", false, undefined) + encodeFrame(OP_CONTINUATION, '"2",{}]', true, undefined);
    for (const ch of fragmented) server.last().sendRaw(ch);
    clock.advance(10);
    expect(events).toEqual(["open", 'msg:[3,"1",{}]', 'msg:[3,"2",{}]']);
  });

  test("frames the server sends right behind its 101 are not lost", () => {
    const { clock, link, events } = setup({}, {
      respond: (_req, accept) => upgradeResponse(accept, "ocpp1.6") + encodeFrame(OP_TEXT, "early", true, undefined),
    });
    link.start();
    clock.advance(100);
    expect(events).toEqual(["open", "msg:early"]);
  });

  test.each([
    ["wrong accept", (_r: unknown, _a: string) => upgradeResponse("AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ocpp1.6"), "WS_HANDSHAKE"],
    ["missing subprotocol", (_r: unknown, a: string) => upgradeResponse(a, undefined), "WS_SUBPROTOCOL"],
    ["wrong subprotocol", (_r: unknown, a: string) => upgradeResponse(a, "ocpp2.0.1"), "WS_SUBPROTOCOL"],
    ["401", () => "HTTP/1.1 401 Unauthorized\r\n\r\n", "WS_UNAUTHORIZED"],
  ])("%s: never opens, says why, tries again later", (_name, respond, code) => {
    const { clock, link, events } = setup({ reconnectInitialMs: 1000 }, { respond });
    link.start();
    clock.advance(100);
    expect(events).toEqual([]);
    expect(link.isOpen()).toBe(false);
    expect(link.lastError?.code).toBe(code);
    expect(link.send("x")).toBe(false);
    clock.advance(1100);
    expect(link.attempts).toBe(2);
  });

  test("answers a server ping with a pong carrying the same payload", () => {
    const { clock, server, link } = setup();
    link.start();
    clock.advance(100);
    server.last().ping("are-you-there");
    clock.advance(20);
    expect(server.last().pongs).toEqual(["are-you-there"]);
  });

  test("pings every WebSocketPingInterval; answered pings keep the link up", () => {
    const { clock, server, link, events } = setup({ webSocketPingIntervalS: 10 });
    link.start();
    clock.advance(100);
    clock.advance(60_000);
    expect(server.last().pings.length).toBe(6);
    expect(events).toEqual(["open"]);
    expect(link.isOpen()).toBe(true);
  });

  test("a cut link is noticed by the missing pong, then reconnected", () => {
    const { clock, net, server, link, events } = setup({ webSocketPingIntervalS: 10, pongTimeoutMs: 5000, reconnectInitialMs: 1000, reconnectMaxMs: 1000 });
    link.start();
    clock.advance(100);
    net.last()!.cut();
    // Ping at 10.1 s, no pong by 15.1 s: dead.
    clock.advance(14_000);
    expect(events).toEqual(["open"]);
    clock.advance(1_100);
    expect(events).toEqual(["open", "close:WS_PING_TIMEOUT"]);
    expect(link.isOpen()).toBe(false);
    clock.advance(1_100);
    expect(events).toEqual(["open", "close:WS_PING_TIMEOUT", "open"]);
    expect(server.conns.length).toBe(2);
  });

  test("stop() runs the close handshake and does not reconnect", () => {
    const { clock, server, link, events } = setup({ reconnectInitialMs: 1000 });
    link.start();
    clock.advance(100);
    link.stop();
    clock.advance(100);
    expect(server.last().closes).toEqual(["\x03\xe8"]);
    expect(server.last().closed).toBe(true);
    expect(events).toEqual(["open", "close:clean"]);
    clock.advance(60_000);
    expect(link.attempts).toBe(1);
  });

  test("a close from the server is echoed, reported, and followed by a reconnect", () => {
    const { clock, server, link, events } = setup({ reconnectInitialMs: 1000 });
    link.start();
    clock.advance(100);
    const first = server.last();
    first.close(1001, "restart");
    clock.advance(50);
    expect(events).toEqual(["open", "close:WS_CLOSED"]);
    expect(link.lastError?.message).toContain("1001 restart");
    // The client's answer: a masked close frame echoing 1001 (decoded by the server as a close).
    expect(first.closes).toEqual(["\x03\xe9"]);
    clock.advance(1100);
    expect(events).toEqual(["open", "close:WS_CLOSED", "open"]);
  });

  test("an oversized message closes with 1009, invalid UTF-8 with 1007", () => {
    for (const [payload, code] of [["x".repeat(2000), 1009], ["\xc3\x28", 1007]] as const) {
      const { clock, server, link, events } = setup({ maxMessageBytes: 1000, reconnectInitialMs: 5000 });
      link.start();
      clock.advance(100);
      server.last().sendRaw(encodeFrame(OP_TEXT, payload, true, undefined));
      clock.advance(50);
      expect(events).toEqual(["open", "close:" + (code === 1009 ? "WS_TOO_BIG" : "WS_PROTOCOL")]);
      expect(server.last().closes[0]?.slice(0, 2)).toBe(String.fromCharCode(code >> 8, code & 255));
    }
  });

  test("a connection attempt into a black hole times out", () => {
    const { clock, net, link } = setup({ openTimeoutMs: 3000, reconnectInitialMs: 1000 });
    net.blackHole = true;
    link.start();
    clock.advance(3100);
    expect(link.lastError?.code).toBe("WS_TIMEOUT");
  });
});

describe("reconnect back-off", () => {
  test("exponential with equal jitter, bounded, reset after a stable connection", () => {
    const draws: number[] = [];
    const rnd = seededRandom(7);
    const random = () => {
      const r = rnd();
      draws.push(r);
      return r;
    };
    const clock = new SimClock();
    const net = new SimNetwork(clock, 0);
    const link = new WsLink(net, clock, {
      url: "ws://cs.local:9000/ocpp",
      chargePointId: "CP1",
      webSocketPingIntervalS: 0,
      random,
      reconnectInitialMs: 1000,
      reconnectMaxMs: 16000,
      stableMs: 30000,
    });
    const attemptTimes: number[] = [];
    const connect = net.connect.bind(net);
    net.connect = (o, l) => {
      attemptTimes.push(clock.now());
      return connect(o, l);
    };
    link.start();
    // Nobody listens: every attempt is refused at once.
    clock.advance(200_000);
    const gaps = attemptTimes.slice(1).map((t, i) => t - (attemptTimes[i] as number));
    expect(gaps.length).toBeGreaterThan(8);
    const caps = gaps.map((_, i) => Math.min(16000, 1000 * 2 ** i));
    gaps.forEach((g, i) => {
      const cap = caps[i] as number;
      expect(g).toBeGreaterThanOrEqual(cap / 2);
      expect(g).toBeLessThanOrEqual(cap);
    });
    // The jitter is really drawn from random(): the gaps are not all the same at the ceiling.
    const atCeiling = gaps.slice(5);
    expect(new Set(atCeiling).size).toBeGreaterThan(1);

    // A server comes up; the connection stays 40 s (stable), then drops: back to ~1 s.
    new SimWsServer(net, "cs.local", 9000);
    clock.advance(17_000);
    expect(link.isOpen()).toBe(true);
    clock.advance(40_000);
    net.last()!.reset();
    const before = attemptTimes.length;
    const droppedAt = clock.now();
    clock.advance(1_000);
    expect(attemptTimes.length).toBe(before + 1);
    expect((attemptTimes[before] as number) - droppedAt).toBeLessThanOrEqual(1000);
  });

  test("a connection that drops quickly does not reset the back-off", () => {
    const clock = new SimClock();
    const net = new SimNetwork(clock, 0);
    const server = new SimWsServer(net, "cs.local", 9000);
    const link = new WsLink(net, clock, {
      url: "ws://cs.local:9000/ocpp",
      chargePointId: "CP1",
      webSocketPingIntervalS: 0,
      random: () => 0.999,
      reconnectInitialMs: 1000,
      reconnectMaxMs: 64000,
      stableMs: 30000,
    });
    link.start();
    const opens: number[] = [];
    link.setListener({ onLinkOpen: () => opens.push(clock.now()), onLinkMessage: () => {}, onLinkClose: () => {} });
    for (let i = 0; i < 4; i++) {
      clock.runUntilIdle(100_000);
      server.last().peer.destroy();
    }
    clock.runUntilIdle(100_000);
    const gaps = opens.slice(1).map((t, i) => t - (opens[i] as number));
    // Each quick drop doubles the wait: ~1 s, ~2 s, ~4 s, ~8 s.
    expect(gaps.map((g) => Math.round(g / 1000))).toEqual([1, 2, 4, 8]);
  });
});

describe("byte-level robustness", () => {
  test("random and mutated server bytes never throw; the link either keeps going or closes with a reason", () => {
    const validFrames = fc.array(
      fc.tuple(fc.constantFrom(OP_TEXT, OP_CONTINUATION, 0x2, 0x8, 0x9, 0xa, 0x3), fc.string({ maxLength: 30 }), fc.boolean()),
      { maxLength: 6 },
    ).map((fs) => fs.map(([op, p, fin]) => encodeFrame(op, Buffer.from(p, "utf8").toString("latin1"), fin || (op & 8) !== 0, undefined)).join(""));
    const mutated = fc.tuple(validFrames, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 })).map(([s, muts]) => {
      const b = Buffer.from(s, "latin1");
      for (const [at, v] of muts) if (b.length) b[at % b.length] = v;
      return b.toString("latin1");
    });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 60 }).map((u) => Buffer.from(u).toString("latin1"))), fc.nat(5), (bytes, chunk) => {
        const { clock, server, link, events } = setup({ maxMessageBytes: 64, reconnectInitialMs: 100_000 });
        link.start();
        clock.advance(100);
        const step = chunk + 1;
        for (let i = 0; i < bytes.length; i += step) server.last().sendRaw(bytes.slice(i, i + step));
        clock.advance(10_000);
        const closed = events.some((e) => e.startsWith("close:"));
        expect(link.isOpen()).toBe(!closed);
        if (closed) expect(link.lastError === undefined || /^WS_/.test(link.lastError.code)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});
