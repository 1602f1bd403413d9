import { SimClock } from "../../../hal/sim/clock";
import { OcppClient } from "../../../firmware/ocpp/ocpp-client";
import { RpcEndpoint } from "../../../firmware/ocpp/rpc/rpc-endpoint";
import { confirmationType, isCentralSystemAction, requestType } from "../../../firmware/ocpp/schema/ocpp16-schemas";
import { WallClock } from "../../../firmware/time/wall-clock";
import { FakeLink } from "../../support/fake-link";
import { seededRandom } from "../../../tools/ocpp-testkit/seeded-random";

function setup() {
  const clock = new SimClock();
  const link = new FakeLink();
  link.open = false;
  const rpc = new RpcEndpoint(link, clock, { requestType, confirmationType, isKnownAction: isCentralSystemAction, random: seededRandom(9), callTimeoutMs: 10_000 });
  const wall = new WallClock(clock);
  const client = new OcppClient(rpc, clock, wall, {
    boot: { chargePointVendor: "Acme", chargePointModel: "AC-1" },
    heartbeatIntervalS: 600,
    bootRetryS: 45,
  });
  const online: boolean[] = [];
  client.onOnlineChange((o) => online.push(o));
  return { clock, link, rpc, wall, client, online };
}

/** Answers the last CALL sent, which must be `action`. */
function answer(link: FakeLink, action: string, payload: unknown): void {
  const f = link.take();
  expect(f.map((x) => x[2])).toEqual([action]);
  link.deliver(JSON.stringify([3, f[0][1], payload]));
}

const t0 = "2024-05-01T10:00:00Z";
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

describe("registration", () => {
  test("BootNotification first; nothing else leaves before Accepted; Accepted brings online, time and heartbeats", () => {
    const { clock, link, wall, client, online } = setup();
    link.up();
    clock.advance(0);
    const boot = link.frames();
    expect(boot).toEqual([[2, expect.any(String), "BootNotification", { chargePointVendor: "Acme", chargePointModel: "AC-1" }]]);
    // Anything else waits for the registration.
    const errs: string[] = [];
    client.call("Authorize", { idTag: "AB" }, (e) => errs.push(e ? e.code : "ok"));
    clock.advance(0);
    expect(errs).toEqual(["RPC_OFFLINE"]);
    expect(client.isOnline()).toBe(false);
    answer(link, "BootNotification", { status: "Accepted", currentTime: t0, interval: 300 });
    expect(client.registrationStatus()).toBe("Accepted");
    expect(client.isOnline()).toBe(true);
    expect(online).toEqual([true]);
    expect(client.heartbeatInterval()).toBe(300);
    expect(wall.nowEpochMs()).toBe(T0);
    clock.advance(299_000);
    expect(link.sent).toEqual([]);
    clock.advance(1_000);
    answer(link, "Heartbeat", { currentTime: "2024-05-01T10:05:02Z" });
    expect(wall.nowEpochMs()).toBe(T0 + 302_000);
    clock.advance(300_000);
    expect(link.frames().map((x) => x[2])).toEqual(["Heartbeat"]);
  });

  test.each([
    ["Pending", 30],
    ["Rejected", 120],
  ])("%s: retried after its interval, nothing else sent meanwhile, CS calls still answered", (status, interval) => {
    const { clock, link, rpc, client, wall } = setup();
    rpc.handle("GetLocalListVersion", (_p, reply) => reply.ok({ listVersion: 4 }));
    link.up();
    clock.advance(0);
    answer(link, "BootNotification", { status, currentTime: t0, interval });
    expect(client.registrationStatus()).toBe(status);
    expect(client.isOnline()).toBe(false);
    expect(wall.isKnown()).toBe(true);
    link.deliver('[2,"cs1","GetLocalListVersion",{}]');
    expect(link.take()).toEqual([[3, "cs1", { listVersion: 4 }]]);
    clock.advance(interval * 1000 - 1);
    expect(link.sent).toEqual([]);
    clock.advance(1);
    answer(link, "BootNotification", { status: "Accepted", currentTime: t0, interval: 60 });
    expect(client.isOnline()).toBe(true);
  });

  test("a failed BootNotification (CALLERROR, timeout) is retried after bootRetryS", () => {
    const { clock, link, client } = setup();
    link.up();
    clock.advance(0);
    const f = link.take();
    link.deliver(JSON.stringify([4, f[0][1], "InternalError", "busy", {}]));
    clock.advance(44_999);
    expect(link.sent).toEqual([]);
    clock.advance(1);
    expect(link.take().map((x) => x[2])).toEqual(["BootNotification"]);
    clock.advance(10_000); // call timeout
    clock.advance(45_000);
    answer(link, "BootNotification", { status: "Accepted", currentTime: t0, interval: 0 });
    // interval 0: the configured HeartbeatInterval stays.
    expect(client.heartbeatInterval()).toBe(600);
    expect(client.isOnline()).toBe(true);
  });

  test("a dropped link goes offline; reconnecting does not boot again and heartbeats resume", () => {
    const { clock, link, client, online } = setup();
    link.up();
    clock.advance(0);
    answer(link, "BootNotification", { status: "Accepted", currentTime: t0, interval: 100 });
    link.down();
    expect(online).toEqual([true, false]);
    clock.advance(500_000);
    expect(link.sent).toEqual([]);
    link.up();
    expect(online).toEqual([true, false, true]);
    clock.advance(100_000);
    expect(link.frames().map((x) => x[2])).toEqual(["Heartbeat"]);
    expect(client.registrationStatus()).toBe("Accepted");
  });

  test("a link lost before the answer boots again on the next connection", () => {
    const { clock, link, client } = setup();
    link.up();
    clock.advance(0);
    link.take();
    link.down();
    clock.advance(1000);
    link.up();
    clock.advance(0);
    answer(link, "BootNotification", { status: "Accepted", currentTime: t0, interval: 100 });
    expect(client.isOnline()).toBe(true);
  });

  test("HeartbeatInterval can change; calls pass once online", () => {
    const { clock, link, client } = setup();
    link.up();
    clock.advance(0);
    answer(link, "BootNotification", { status: "Accepted", currentTime: t0, interval: 100 });
    client.setHeartbeatInterval(20);
    clock.advance(20_000);
    answer(link, "Heartbeat", { currentTime: t0 });
    const got: unknown[] = [];
    client.call("Authorize", { idTag: "AB" }, (e, p) => got.push(e ? e.code : p));
    clock.advance(0);
    answer(link, "Authorize", { idTagInfo: { status: "Accepted" } });
    expect(got).toEqual([{ idTagInfo: { status: "Accepted" } }]);
  });
});
