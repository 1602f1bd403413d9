import { NetworkLink } from "../../../../tools/sim/network-link";
import { harness } from "../support/shim-harness";
import { Loopback, localhostCa, loopbackServer, until } from "../support/loopback";

const PROBE = `
var log = [];
function open(mod, opts) {
  var sock = require(mod).connect(opts, function () { log.push("connect"); sock.write("hi\\u00ff"); });
  sock.on("data", function (d) { log.push("data:" + d); });
  sock.on("error", function (e) { log.push("error:" + e.code + ":" + typeof e.message); });
  sock.on("close", function () { log.push("close"); });
  return sock;
}
`;

describe('require("net") / require("tls") over the network link', () => {
  let server: Loopback;
  afterEach(() => server.close());

  it("connects, writes and receives 8-bit strings, and closes with end()", async () => {
    server = await loopbackServer((chunk) => "<" + chunk + ">");
    const link = new NetworkLink();
    const h = harness({ network: link });
    h.run(PROBE + `var s = open("net", { host: "127.0.0.1", port: ${server.port} });`);
    await until(() => h.json("log").length >= 2);
    expect(h.json("log")).toEqual(["connect", "data:<hi\u00ff>"]);
    expect(server.received[0]).toBe("hi\u00ff");
    h.run("s.end();");
    await until(() => h.json("log").includes("close"));
    expect(h.shim.counts().sockets).toBe(0);
  });

  it("speaks TLS, trusting the CA the device is given", async () => {
    server = await loopbackServer((chunk) => "tls:" + chunk, { tls: true });
    const link = new NetworkLink();
    const h = harness({ network: link });
    h.shim.realm.global.CA = localhostCa();
    h.run(PROBE + `open("tls", { host: "localhost", port: ${server.port}, ca: CA });`);
    await until(() => h.json("log").length >= 2);
    expect(h.json("log")).toEqual(["connect", "data:tls:hi\u00ff"]);
  });

  it("rejects a TLS server the device cannot verify", async () => {
    server = await loopbackServer((chunk) => chunk, { tls: true });
    const h = harness({ network: new NetworkLink() });
    h.run(PROBE + `open("tls", { host: "localhost", port: ${server.port} });`);
    await until(() => h.json("log").includes("close"));
    expect(h.json("log")).toEqual(["error:-2:string", "close"]);
  });

  it("offline: the socket closes and a new connect fails with an error, then a close", async () => {
    server = await loopbackServer((chunk) => chunk);
    const link = new NetworkLink();
    const h = harness({ network: link });
    h.run(PROBE + `open("net", { host: "127.0.0.1", port: ${server.port} });`);
    await until(() => h.json("log").length >= 2);
    link.setOnline(false);
    await until(() => h.json("log").includes("close"));
    h.run(`log = []; open("net", { host: "127.0.0.1", port: ${server.port} });`);
    expect(h.json("log")).toEqual([]);
    await until(() => h.json("log").includes("close"));
    expect(h.json("log")).toEqual(["error:-1:string", "close"]);
  });

  it("without a network every connect fails asynchronously", async () => {
    server = await loopbackServer((chunk) => chunk);
    const h = harness();
    h.run(PROBE + `open("net", { host: "127.0.0.1", port: ${server.port} });`);
    expect(h.json("log")).toEqual([]);
    await until(() => h.json("log").includes("close"));
    expect(h.json("log")).toEqual(["error:-1:string", "close"]);
    expect(server.received).toEqual([]);
  });

  it("reports an exception thrown in a socket handler as uncaught, and keeps running", async () => {
    server = await loopbackServer((chunk) => chunk);
    const h = harness({ network: new NetworkLink() });
    h.run(`var after = 0; var s = require("net").connect({ host: "127.0.0.1", port: ${server.port} }, function () { s.write("x"); });
      s.on("data", function () { throw new Error("bad data"); }); setTimeout(function () { after = 1; }, 10);`);
    await until(() => h.shim.uncaught.length > 0);
    expect(h.shim.uncaught.map((u) => [u.line, u.where])).toEqual([["Uncaught Error: bad data", "socket"]]);
    h.board.clock.advance(10);
    expect(h.json("after")).toBe(1);
  });

  it("drops the sockets of a disposed interpreter without delivering anything to it", async () => {
    server = await loopbackServer((chunk) => chunk);
    const link = new NetworkLink();
    const h = harness({ network: link });
    h.run(PROBE + `open("net", { host: "127.0.0.1", port: ${server.port} });`);
    await until(() => h.json("log").length >= 2);
    h.shim.dispose();
    await until(() => link.openCount() === 0);
    expect(h.json("log")).toEqual(["connect", "data:hi\u00ff"]);
  });
});
