import * as net from "net";
import { LocalCentralSystem } from "../../../tools/sim/central-system";
import { LinkSocket } from "../../../tools/sim/network-link";
import { OcppTapLink, WsStreamDecoder } from "../../../tools/sim/ocpp-tap";

const REQUEST = "GET /ocpp/CP1 HTTP/1.1\r\nHost: cs.sim:9000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n";

/** A client frame (masked), as 8-bit text. */
function clientFrame(text: string, opcode = 1, fin = true, mask = [0x12, 0x34, 0x56, 0x78]): string {
  const payload = Buffer.from(text, "utf8");
  const head: number[] = [(fin ? 0x80 : 0) | opcode];
  if (payload.length < 126) head.push(0x80 | payload.length);
  else head.push(0x80 | 126, payload.length >> 8, payload.length & 255);
  const masked = payload.map((b, i) => b ^ (mask[i & 3] as number));
  return Buffer.concat([Buffer.from(head), Buffer.from(mask), masked]).toString("latin1");
}

function serverFrame(text: string): string {
  const payload = Buffer.from(text, "utf8");
  const head = payload.length < 126 ? [0x81, payload.length] : [0x81, 126, payload.length >> 8, payload.length & 255];
  return Buffer.concat([Buffer.from(head), payload]).toString("latin1");
}

describe("WsStreamDecoder", () => {
  it("skips the HTTP header, unmasks, joins fragments, passes control frames, whatever the chunking", () => {
    const long = JSON.stringify([2, "1", "DataTransfer", { vendorId: "x", data: "é".repeat(100) }]);
    const stream = REQUEST + clientFrame("[2,") + clientFrame("hello", 9) + clientFrame(long, 1);
    // a fragmented message: text (FIN 0) + ping + continuation (FIN 1)
    const fragmented = clientFrame('[3,"7",', 1, false) + clientFrame("", 9) + clientFrame('{"a":1}]', 0, true);
    const all = stream + fragmented;
    for (let cut = 1; cut < all.length; cut += 7) {
      const d = new WsStreamDecoder();
      const got = [...d.push(all.substring(0, cut)), ...d.push(all.substring(cut))];
      expect(got.map((m) => [m.opcode, m.text])).toEqual([[1, "[2,"], [9, "hello"], [1, long], [9, ""], [1, '[3,"7",{"a":1}]']]);
      expect(d.header?.split("\r\n")[0]).toBe("GET /ocpp/CP1 HTTP/1.1");
    }
  });

  it("reads unmasked server frames after the 101 answer", () => {
    const d = new WsStreamDecoder();
    expect(d.push("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n" + serverFrame('[3,"1",{}]'))).toEqual([{ opcode: 1, text: '[3,"1",{}]' }]);
  });
});

describe("OcppTapLink", () => {
  let cs: LocalCentralSystem;
  let port = 0;
  let now = 0;
  beforeEach(async () => {
    cs = new LocalCentralSystem({ idTags: { A1B2C3D4: "Accepted" } });
    port = Number(new URL(await cs.listen(0)).port);
    now = 0;
  });
  afterEach(async () => {
    await cs.close();
  });

  const open = (link: OcppTapLink, received: string[]): LinkSocket =>
    link.connect({ host: "cs.sim", port: 9000, tls: false }, {
      onConnect() { sock.write(REQUEST); },
      onData(chunk) { received.push(chunk); },
      onError() {},
      onClose() {},
    });
  let sock: LinkSocket;

  it("records the charger's CALLs and the answers with their action and simulated time; settle waits for the answer", async () => {
    const link = new OcppTapLink({ route: () => ({ host: "127.0.0.1", port }) }, () => now);
    const received: string[] = [];
    sock = open(link, received);
    await link.settle();
    expect(received.join("")).toMatch(/^HTTP\/1.1 101/);
    now = 1234;
    sock.write(clientFrame(JSON.stringify([2, "b1", "BootNotification", { chargePointVendor: "V", chargePointModel: "M" }])));
    expect(link.waitingForPeer()).toBe(true);
    await link.settle();
    expect(link.waitingForPeer()).toBe(false);
    sock.write(clientFrame(JSON.stringify([2, "a1", "Authorize", { idTag: "A1B2C3D4" }])));
    await link.settle();
    expect(link.frames.map((f) => [f.atMs, f.dir, f.kind, f.action, f.id])).toEqual([
      [1234, "out", "call", "BootNotification", "b1"],
      [1234, "in", "result", "BootNotification", "b1"],
      [1234, "out", "call", "Authorize", "a1"],
      [1234, "in", "result", "Authorize", "a1"],
    ]);
    expect(link.frames[3]?.payload).toEqual({ idTagInfo: { status: "Accepted" } });
    expect(link.callsSentSince(2).map((f) => f.action)).toEqual(["Authorize"]);
    expect(link.notes.map((n) => n.text)).toContain("websocket answer: HTTP/1.1 101 Switching Protocols");
    link.closeAll();
  });

  it("records calls from the Central System and the charger's answers to them", async () => {
    const link = new OcppTapLink({ route: () => ({ host: "127.0.0.1", port }) }, () => now);
    const received: string[] = [];
    sock = open(link, received);
    await link.settle();
    const answer = cs.remoteStart("A1B2C3D4");
    for (let i = 0; i < 200 && !link.frames.length; i++) await new Promise((r) => setTimeout(r, 2));
    const call = link.frames[0];
    expect([call?.dir, call?.kind, call?.action]).toEqual(["in", "call", "RemoteStartTransaction"]);
    sock.write(clientFrame(JSON.stringify([3, call?.id, { status: "Accepted" }])));
    await expect(answer).resolves.toEqual({ status: "Accepted" });
    expect(link.frames[1]).toMatchObject({ dir: "out", kind: "result", action: "RemoteStartTransaction", payload: { status: "Accepted" } });
    link.closeAll();
  });

  it("offline: connections close, nothing written afterwards is recorded, new connects fail", async () => {
    const link = new OcppTapLink({ route: () => ({ host: "127.0.0.1", port }) }, () => now);
    sock = open(link, []);
    await link.settle();
    link.setOnline(false);
    sock.write(clientFrame(JSON.stringify([2, "h1", "Heartbeat", {}])));
    await link.settle();
    expect(link.frames).toEqual([]);
    const errors: string[] = [];
    link.connect({ host: "cs.sim", port: 9000, tls: false }, { onConnect() {}, onData() {}, onError(e) { errors.push(e.message); }, onClose() {} });
    await link.settle();
    expect(errors).toEqual(["no network"]);
    expect(link.openCount()).toBe(0);
  });

  it("stops waiting for a peer that never answers after answerWaitMs (once per call)", async () => {
    const mute = net.createServer((c) => c.once("data", () => c.write("HTTP/1.1 101 Switching Protocols\r\n\r\n")));
    await new Promise<void>((r) => mute.listen(0, "127.0.0.1", r));
    const mutePort = (mute.address() as net.AddressInfo).port;
    const link = new OcppTapLink({ route: () => ({ host: "127.0.0.1", port: mutePort }), answerWaitMs: 150 }, () => now);
    sock = open(link, []);
    await link.settle();
    sock.write(clientFrame(JSON.stringify([2, "h1", "Heartbeat", {}])));
    let t0 = Date.now();
    await link.settle();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    t0 = Date.now();
    await link.settle();
    expect(Date.now() - t0).toBeLessThan(100);
    link.closeAll();
    await new Promise((r) => mute.close(r));
  });
});
