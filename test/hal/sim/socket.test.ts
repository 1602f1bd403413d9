import { SimClock } from "../../../hal/sim/clock";
import { SimNetwork, SimPeer } from "../../../hal/sim/socket";
import { SocketListener } from "../../../hal/socket";

function client(log: string[]): SocketListener {
  return {
    onConnect: () => log.push("connect"),
    onData: (d) => log.push("data:" + d),
    onError: (e) => log.push("error:" + (e as Error & { code?: string }).code),
    onClose: () => log.push("close"),
  };
}

function serve(net: SimNetwork, log: string[]): SimPeer[] {
  const peers: SimPeer[] = [];
  net.listen("h", 1, (p) => {
    peers.push(p);
    p.onData = (d) => log.push("srv:" + d);
    p.onClose = () => log.push("srv-close");
  });
  return peers;
}

describe("SimNetwork", () => {
  test("connects after the latency; bytes arrive in order both ways; nothing fires synchronously", () => {
    const clock = new SimClock();
    const net = new SimNetwork(clock, 10);
    const log: string[] = [];
    const peers = serve(net, log);
    const s = net.connect({ host: "h", port: 1, tls: false }, client(log));
    expect(log).toEqual([]);
    clock.advance(10);
    expect(log).toEqual(["connect"]);
    s.write("a");
    s.write("b");
    peers[0]!.write("x");
    expect(log).toEqual(["connect"]);
    clock.advance(10);
    expect(log).toEqual(["connect", "srv:a", "srv:b", "data:x"]);
    expect(net.last()!.bytesToServer).toBe(2);
  });

  test("no listener: refused with an error, then a close", () => {
    const clock = new SimClock();
    const net = new SimNetwork(clock, 5);
    const log: string[] = [];
    net.connect({ host: "nobody", port: 1, tls: false }, client(log));
    clock.advance(5);
    expect(log).toEqual(["error:ECONNREFUSED", "close"]);
  });

  test("end() delivers what was written first, then closes both ends; writes after it are dropped", () => {
    const clock = new SimClock();
    const net = new SimNetwork(clock, 5);
    const log: string[] = [];
    serve(net, log);
    const s = net.connect({ host: "h", port: 1, tls: false }, client(log));
    clock.advance(5);
    s.write("last");
    s.end();
    s.write("too late");
    clock.advance(5);
    expect(log).toEqual(["connect", "srv:last", "srv-close", "close"]);
  });

  test("destroy() closes the local end at once and the far end after the latency", () => {
    const clock = new SimClock();
    const net = new SimNetwork(clock, 5);
    const log: string[] = [];
    serve(net, log);
    const s = net.connect({ host: "h", port: 1, tls: false }, client(log));
    clock.advance(5);
    s.destroy();
    clock.advance(0);
    expect(log).toEqual(["connect", "close"]);
    clock.advance(5);
    expect(log).toEqual(["connect", "close", "srv-close"]);
  });

  test("a cut link delivers nothing more, not even a close; reset() makes both ends see it", () => {
    const clock = new SimClock();
    const net = new SimNetwork(clock, 5);
    const log: string[] = [];
    const peers = serve(net, log);
    const s = net.connect({ host: "h", port: 1, tls: false }, client(log));
    clock.advance(5);
    net.last()!.cut();
    s.write("lost");
    peers[0]!.write("lost too");
    peers[0]!.end();
    clock.advance(100);
    expect(log).toEqual(["connect"]);
    net.last()!.reset();
    clock.advance(0);
    expect(log).toEqual(["connect", "error:ECONNRESET", "close", "srv-close"]);
  });

  test("a black hole never answers; the client can still give up", () => {
    const clock = new SimClock();
    const net = new SimNetwork(clock, 5);
    net.blackHole = true;
    const log: string[] = [];
    serve(net, log);
    const s = net.connect({ host: "h", port: 1, tls: false }, client(log));
    clock.advance(60_000);
    expect(log).toEqual([]);
    s.destroy();
    clock.advance(0);
    expect(log).toEqual(["close"]);
  });
});
