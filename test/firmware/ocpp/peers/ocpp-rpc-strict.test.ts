// The whole client stack (Node socket binding -> WsLink -> RpcEndpoint -> OcppClient) against an
// ocpp-rpc RPCServer in strict mode: every message the charger sends is checked by the server
// against the official OCPP 1.6 JSON schemas; any failure or bad message fails the test.
import { AddressInfo } from "net";
import { RPCServer } from "ocpp-rpc";
import { NodeClock } from "../../../../hal/node/clock";
import { NodeSocketConnector } from "../../../../hal/node/socket";
import { OcppClient } from "../../../../firmware/ocpp/ocpp-client";
import { RpcEndpoint } from "../../../../firmware/ocpp/rpc/rpc-endpoint";
import { confirmationType, isCentralSystemAction, requestType } from "../../../../firmware/ocpp/schema/ocpp16-schemas";
import { WsLink } from "../../../../firmware/ocpp/transport/ws-link";
import { WallClock } from "../../../../firmware/time/wall-clock";
import { waitFor } from "../../../support/wait";

const HEX_KEY = "0123456789abcdef0123456789abcdef01234567";

describe("OCPP client against a strict ocpp-rpc Central System", () => {
  let server: any;
  let link: WsLink;
  const problems: string[] = [];
  const received: { action: string; params: any }[] = [];
  let serverClient: any;
  let password: Buffer | undefined;

  beforeAll(async () => {
    server = new RPCServer({ protocols: ["ocpp1.6"], strictMode: true, pingIntervalMs: 100 });
    server.auth((accept: (s: object, p?: string) => void, _reject: unknown, handshake: any) => {
      password = handshake.password;
      accept({}, undefined as unknown as string);
    });
    server.on("client", (client: any) => {
      serverClient = client;
      client.on("strictValidationFailure", (e: any) => problems.push("strict: " + e.error.message + " " + JSON.stringify(e.params ?? e.result)));
      client.on("badMessage", (e: any) => problems.push("bad: " + e.error.message + " " + e.buffer.toString()));
      client.handle("BootNotification", ({ params }: any) => {
        received.push({ action: "BootNotification", params });
        return { status: "Accepted", currentTime: "2024-05-01T10:00:00.000Z", interval: 1 };
      });
      client.handle("Heartbeat", ({ params }: any) => {
        received.push({ action: "Heartbeat", params });
        return { currentTime: new Date(Date.UTC(2024, 4, 1, 10, 0, 5)).toISOString() };
      });
    });
    const http = await server.listen(0, "127.0.0.1");
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`;

    const clock = new NodeClock();
    link = new WsLink(new NodeSocketConnector(), clock, {
      url,
      chargePointId: "CP-STRICT-1",
      authorizationKey: HEX_KEY,
      webSocketPingIntervalS: 0.2,
      reconnectInitialMs: 60_000,
    });
    const rpc = new RpcEndpoint(link, clock, { requestType, confirmationType, isKnownAction: isCentralSystemAction, callTimeoutMs: 2000 });
    const wall = new WallClock(clock);
    client = new OcppClient(rpc, clock, wall, {
      boot: { chargePointVendor: "Acme", chargePointModel: "AC-1", firmwareVersion: "0.1.0", chargePointSerialNumber: "SN-1" },
      heartbeatIntervalS: 300,
    });
    wallClock = wall;
    // A stand-in handler (the real GetLocalListVersion comes with the operations).
    client.handle("GetLocalListVersion", (_p, reply) => reply.ok({ listVersion: 42 }));
    link.start();
    await waitFor(() => client.isOnline(), "registration");
  });

  let client: OcppClient;
  let wallClock: WallClock;

  afterAll(async () => {
    link.stop();
    await server.close({ force: true });
  });

  test("BootNotification accepted by the strict server; identity, password, time", () => {
    expect(serverClient.identity).toBe("CP-STRICT-1");
    expect(serverClient.protocol).toBe("ocpp1.6");
    expect(password?.toString("hex")).toBe(HEX_KEY);
    expect(received[0]).toEqual({
      action: "BootNotification",
      params: { chargePointVendor: "Acme", chargePointModel: "AC-1", firmwareVersion: "0.1.0", chargePointSerialNumber: "SN-1" },
    });
    expect(wallClock.isKnown()).toBe(true);
    expect(problems).toEqual([]);
  });

  test("Heartbeats every HeartbeatInterval from the BootNotification answer; the answer sets the time", async () => {
    await waitFor(() => received.filter((r) => r.action === "Heartbeat").length >= 2, "two heartbeats", 4000);
    expect(received.filter((r) => r.action === "Heartbeat")[0]!.params).toEqual({});
    const t = wallClock.nowEpochMs()!;
    expect(t).toBeGreaterThanOrEqual(Date.UTC(2024, 4, 1, 10, 0, 5));
    expect(t).toBeLessThan(Date.UTC(2024, 4, 1, 10, 0, 7));
    expect(problems).toEqual([]);
  });

  test("the server's calls: a handled action is answered and validated; others get the right CALLERROR", async () => {
    await expect(serverClient.call("GetLocalListVersion", {})).resolves.toEqual({ listVersion: 42 });
    await expect(serverClient.call("Reset", { type: "Soft" })).rejects.toMatchObject({ rpcErrorCode: "NotSupported" });
    await expect(serverClient.call("ReserveNow", { connectorId: 1, expiryDate: "2024-05-01T11:00:00Z", idTag: "AB", reservationId: 1 })).rejects.toMatchObject({
      rpcErrorCode: "NotSupported",
    });
    expect(problems).toEqual([]);
  });

  test("the server's pings are answered; the link stays up", async () => {
    await new Promise((r) => setTimeout(r, 400));
    expect(link.isOpen()).toBe(true);
    expect(client.isOnline()).toBe(true);
    expect(problems).toEqual([]);
  });

  test("calls made through the client reach the server validated both ways", async () => {
    const got: unknown[] = [];
    client.call("Heartbeat", {}, (e, p) => got.push(e ? e.code : p));
    await waitFor(() => got.length === 1, "heartbeat answer");
    expect(got[0]).toEqual({ currentTime: "2024-05-01T10:00:05.000Z" });
    expect(problems).toEqual([]);
  });
});
