import { harness } from "../support/shim-harness";

describe('require("Wifi")', () => {
  it("connects after a simulated delay: callback(null), 'connected' event, an IP", () => {
    const h = harness({ wifiConnectMs: 800 });
    h.run(`var W = require("Wifi"); var log = [];
      W.on("connected", function (d) { log.push("event " + d.ip); });
      W.connect("site-net", { password: "secret123" }, function (err) { log.push("cb " + err); });`);
    expect(h.json('[log, W.getStatus().station, W.getIP().ip]')).toEqual([[], "off", "0.0.0.0"]);
    h.board.clock.advance(799);
    expect(h.json("log")).toEqual([]);
    h.board.clock.advance(1);
    expect(h.json("log")).toEqual(["cb null", "event 192.168.4.20"]);
    expect(h.json('[W.getStatus().station, W.getIP().ip, W.getDetails().ssid]')).toEqual(["connected", "192.168.4.20", "site-net"]);
    expect(h.shim.wifi.ssid).toBe("site-net");
  });

  it("disconnects with a 'disconnected' event", () => {
    const h = harness({ wifiConnectMs: 10 });
    h.run('var W = require("Wifi"); var log = []; W.on("disconnected", function () { log.push("down"); }); W.connect("n", {}, function () {});');
    h.board.clock.advance(10);
    h.run('W.disconnect(function () { log.push("cb"); });');
    h.board.clock.advance(1);
    expect(h.json("[log, W.getStatus().station]")).toEqual([["cb", "down"], "off"]);
  });
});
