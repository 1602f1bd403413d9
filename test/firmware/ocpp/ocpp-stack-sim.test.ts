// The whole client stack on simulated time and network: WsLink -> RpcEndpoint -> OcppClient,
// against a scripted Central System; a dead link is found by ping timeout and recovered.
import { SimClock } from "../../../hal/sim/clock";
import { SimNetwork } from "../../../hal/sim/socket";
import { OcppClient } from "../../../firmware/ocpp/ocpp-client";
import { RpcEndpoint } from "../../../firmware/ocpp/rpc/rpc-endpoint";
import { confirmationType, isCentralSystemAction, requestType } from "../../../firmware/ocpp/schema/ocpp16-schemas";
import { WsLink } from "../../../firmware/ocpp/transport/ws-link";
import { WallClock } from "../../../firmware/time/wall-clock";
import { seededRandom } from "../../../tools/ocpp-testkit/seeded-random";
import { officialVerdict } from "../../../tools/ocpp-testkit/official-schemas";
import { SimWsServer } from "../../support/sim-ws-server";

test("boot, heartbeats, dead link, reconnect without a new boot; every message valid", () => {
  const clock = new SimClock();
  const net = new SimNetwork(clock, 20);
  const actions: string[] = [];
  const invalid: string[] = [];
  const server = new SimWsServer(net, "cs.local", 9000, {
    onMessage: (conn, text) => {
      const [type, id, action, payload] = JSON.parse(text);
      if (type !== 2) return;
      actions.push(action);
      if (officialVerdict(action + ".req", payload) !== undefined) invalid.push(text);
      const now = new Date(Date.UTC(2024, 4, 1, 12, 0, 0) + clock.now()).toISOString();
      const conf = action === "BootNotification" ? { status: "Accepted", currentTime: now, interval: 60 } : { currentTime: now };
      conn.sendText(JSON.stringify([3, id, conf]));
    },
  });
  const random = seededRandom(5);
  const link = new WsLink(net, clock, {
    url: "ws://cs.local:9000/ocpp",
    chargePointId: "CP-SIM",
    webSocketPingIntervalS: 30,
    pongTimeoutMs: 10_000,
    reconnectInitialMs: 2000,
    random,
  });
  const rpc = new RpcEndpoint(link, clock, { requestType, confirmationType, isKnownAction: isCentralSystemAction, random });
  const wall = new WallClock(clock);
  const client = new OcppClient(rpc, clock, wall, { boot: { chargePointVendor: "Acme", chargePointModel: "AC-1" }, heartbeatIntervalS: 300 });
  const online: [number, boolean][] = [];
  client.onOnlineChange((o) => online.push([clock.now(), o]));
  link.start();

  clock.advance(1000);
  expect(online).toEqual([[expect.any(Number), true]]);
  expect(wall.nowEpochMs()! - Date.UTC(2024, 4, 1, 12, 0, 0)).toBeLessThan(1000);
  clock.advance(180_000);
  expect(actions).toEqual(["BootNotification", "Heartbeat", "Heartbeat", "Heartbeat"]);

  // The network dies silently at t=181 s: the next ping (t=210 s) is not answered by t=220 s.
  net.last()!.cut();
  clock.advance(40_000);
  expect(online.map((o) => o[1])).toEqual([true, false]);
  const wentOffline = online[1]![0];
  expect(wentOffline).toBeGreaterThanOrEqual(210_000);
  expect(wentOffline).toBeLessThanOrEqual(221_000);

  // Back within the back-off (1..2 s), registered already: no second BootNotification.
  clock.advance(5_000);
  expect(online.map((o) => o[1])).toEqual([true, false, true]);
  expect(server.conns.length).toBe(2);
  clock.advance(120_000);
  expect(actions.filter((a) => a === "BootNotification")).toHaveLength(1);
  expect(actions.filter((a) => a === "Heartbeat").length).toBeGreaterThanOrEqual(5);
  expect(invalid).toEqual([]);
  // Pings went out on every connection and were answered.
  expect(server.conns[1]!.pings.length).toBeGreaterThanOrEqual(3);
});
