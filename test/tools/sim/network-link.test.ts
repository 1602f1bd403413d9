import { LinkEvents, NetworkLink } from "../../../tools/sim/network-link";
import { Loopback, loopbackServer, until } from "./support/loopback";

function recorder() {
  const events: string[] = [];
  let data = "";
  const handlers: LinkEvents = {
    onConnect: () => { events.push("connect"); },
    onData: (chunk) => { data += chunk; events.push("data:" + chunk.length); },
    onError: (e) => { events.push("error:" + e.code); },
    onClose: () => { events.push("close"); },
  };
  return { events, handlers, data: () => data };
}

describe("NetworkLink", () => {
  let server: Loopback;
  beforeEach(async () => {
    server = await loopbackServer((chunk) => chunk);
  });
  afterEach(() => server.close());

  it("carries every byte value as 8-bit strings, in chunks no larger than chunkBytes", async () => {
    const link = new NetworkLink({ chunkBytes: 100 });
    const r = recorder();
    const sock = link.connect({ host: "127.0.0.1", port: server.port, tls: false }, r.handlers);
    await until(() => r.events.includes("connect"));
    let all = "";
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    sock.write(all);
    await until(() => r.data().length === 256);
    expect(r.data()).toBe(all);
    expect(server.received[0]).toBe(all);
    for (const e of r.events.filter((x) => x.startsWith("data:"))) expect(Number(e.slice(5))).toBeLessThanOrEqual(100);
    sock.end();
    await until(() => r.events.includes("close"));
    expect(r.events.filter((e) => e === "close")).toHaveLength(1);
    expect(link.counters).toMatchObject({ connects: 1, failedConnects: 0, bytesOut: 256, bytesIn: 256 });
    expect(link.openCount()).toBe(0);
  });

  it("offline: open connections close and new ones fail, never inside the call", async () => {
    const link = new NetworkLink();
    const a = recorder();
    link.connect({ host: "127.0.0.1", port: server.port, tls: false }, a.handlers);
    await until(() => a.events.includes("connect"));
    link.setOnline(false);
    expect(a.events).toEqual(["connect"]);
    await until(() => a.events.includes("close"));
    const b = recorder();
    link.connect({ host: "127.0.0.1", port: server.port, tls: false }, b.handlers);
    expect(b.events).toEqual([]);
    await until(() => b.events.includes("close"));
    expect(b.events).toEqual(["error:-1", "close"]);
    link.setOnline(true);
    const c = recorder();
    link.connect({ host: "127.0.0.1", port: server.port, tls: false }, c.handlers);
    await until(() => c.events.includes("connect"));
    expect(link.isOnline()).toBe(true);
    link.closeAll();
    await until(() => c.events.includes("close"));
  });

  it("routes the device's address, and fails an unroutable one like an unreachable host", async () => {
    const link = new NetworkLink({ route: (host, port) => (host === "backend.example" ? { host: "127.0.0.1", port: server.port } : undefined) });
    const ok = recorder();
    link.connect({ host: "backend.example", port: 9000, tls: false }, ok.handlers);
    const lost = recorder();
    link.connect({ host: "192.168.1.10", port: 9000, tls: false }, lost.handlers);
    await until(() => ok.events.includes("connect") && lost.events.includes("close"));
    expect(lost.events).toEqual(["error:-1", "close"]);
  });

  it("reports a refused connection as an error then a close", async () => {
    const closed = await loopbackServer(() => undefined);
    const port = closed.port;
    await closed.close();
    const link = new NetworkLink();
    const r = recorder();
    link.connect({ host: "127.0.0.1", port, tls: false }, r.handlers);
    await until(() => r.events.includes("close"));
    expect(r.events).toEqual(["error:-2", "close"]);
    expect(link.counters.failedConnects).toBe(1);
  });

  it("settle() waits for a reply that takes a few real ms", async () => {
    const slow = await loopbackServer((chunk) => chunk.toUpperCase(), { delayMs: 2 });
    const link = new NetworkLink({ quietMs: 10 });
    const r = recorder();
    const sock = link.connect({ host: "127.0.0.1", port: slow.port, tls: false }, r.handlers);
    await link.settle();
    expect(r.events).toEqual(["connect"]);
    sock.write("ping");
    await link.settle();
    expect(r.data()).toBe("PING");
    sock.destroy();
    await link.settle();
    expect(r.events[r.events.length - 1]).toBe("close");
    await slow.close();
  });
});
