// The whole charger (firmware/ocpp-charger.ts: session, reader driver on the simulated MFRC522,
// contactor, pilot, meter, Local List and cache in simulated flash, and the OCPP side) against a
// real peer: tools/sim/central-system.ts (ocpp-rpc, strict: every message in both directions is
// checked against the official OCPP 1.6 schemas), over TCP through the firmware's WebSocket
// client and the Node socket binding. Simulated time follows real time (RealTimeClockPump).
import { NodeSocketConnector } from "../../../../hal/node/socket";
import { SimClock } from "../../../../hal/sim/clock";
import { startOcppCharger } from "../../../../firmware/ocpp-charger";
import { LocalCentralSystem } from "../../../../tools/sim/central-system";
import { ChargerUnit } from "../../../../tools/sim/charger-unit";
import { RealTimeClockPump, until } from "../../../../tools/ocpp-testkit/realtime";
import { OcppChargerHandle } from "../../../../firmware/ocpp-charger";

const ACCEPTED = "04A1B2C3D4E5F6";
const LISTED = "04AABBCCDDEEFF";
let cs: LocalCentralSystem;
let url: string;
let n = 0;
const running: { unit: ChargerUnit; pump: RealTimeClockPump }[] = [];

beforeAll(async () => {
  cs = new LocalCentralSystem({ idTags: { [ACCEPTED]: "Accepted" }, heartbeatIntervalS: 600 });
  url = (await cs.listen()) + "/ocpp";
});

afterAll(async () => {
  for (const r of running) {
    r.pump.stop();
    r.unit.charger.halt();
  }
  await cs.close();
});

afterEach(() => {
  expect(cs.problems).toEqual([]);
  for (const r of running) r.pump.check();
});

async function startUnit(config: Record<string, string | number | boolean> = {}) {
  const id = "CP-UNIT-" + ++n;
  const clock = new SimClock();
  const unit = new ChargerUnit({
    clock,
    config: { WebSocketPingInterval: 0, ...config },
    firmware: (board, reboot) =>
      startOcppCharger(board, {
        url,
        chargePointId: id,
        boot: { chargePointVendor: "Acme", chargePointModel: "AC-1" },
        connector: new NodeSocketConnector(),
        reboot,
      }),
  });
  const pump = new RealTimeClockPump(clock);
  running.push({ unit, pump });
  pump.start();
  const ocpp = () => (unit.charger as OcppChargerHandle).ocpp;
  await until(() => ocpp().client.isOnline() && unit.charger.session.snapshot().known, id + " online, state known");
  const sent = (after = 0) => cs.received.filter((r) => r.identity === id && r.seq > after);
  /** Moves simulated time ahead quickly, letting the sockets run. */
  const skip = (ms: number) => pump.skip(ms, 50);
  const waitSim = async (cond: () => boolean, what: string, limitMs = 120_000) => {
    const end = clock.now() + limitMs;
    while (!cond()) {
      if (clock.now() > end) throw new Error("timed out (simulated) waiting for " + what);
      await pump.skip(100, 50);
    }
  };
  return { id, unit, pump, ocpp, sent, skip, waitSim };
}

describe("the charger against a strict ocpp-rpc Central System", () => {
  test("connector 0 (the charger) is reported Available after boot, not the Unavailable of connector 1's first moments", async () => {
    const u = await startUnit();
    await u.skip(500);
    const c0 = u.sent().filter((m) => m.action === "StatusNotification" && m.params.connectorId === 0).map((m) => m.params.status);
    expect(c0.length).toBeGreaterThan(0);
    expect(c0.every((st) => st === "Available")).toBe(true);
  });

  test("tap online: Authorize, StartTransaction, sampled MeterValues, StopTransaction when unplugged; statuses", async () => {
    const u = await startUnit({ MeterValueSampleInterval: 10 });
    u.unit.plug();
    await u.waitSim(() => u.unit.status() === "Preparing", "Preparing");
    u.unit.tap(ACCEPTED);
    await u.waitSim(() => u.unit.charger.session.transaction() !== undefined && u.unit.charger.session.transaction()!.transactionId !== undefined, "transaction id");
    u.unit.request();
    await u.waitSim(() => u.unit.status() === "Charging", "Charging");
    await u.skip(25_000);
    u.unit.unplug();
    await u.waitSim(() => u.ocpp().backend.queued() === 0 && u.unit.status() === "Available", "stopped and delivered");
    await u.skip(500);
    const msgs = u.sent();
    const tx = msgs.filter((m) => m.action !== "StatusNotification" && m.action !== "Heartbeat");
    expect(tx.map((m) => m.action)).toEqual(["BootNotification", "Authorize", "StartTransaction", "MeterValues", "MeterValues", "StopTransaction"]);
    const txId = u.unit.charger.session.snapshot().lastStop!.transactionId;
    expect(tx[2]!.params).toMatchObject({ connectorId: 1, idTag: ACCEPTED });
    expect(tx[3]!.params).toMatchObject({ connectorId: 1, transactionId: txId });
    expect(tx[5]!.params).toMatchObject({ transactionId: txId, reason: "EVDisconnected" });
    const status = msgs.filter((m) => m.action === "StatusNotification" && m.params.connectorId === 1).map((m) => m.params.status);
    expect(status).toEqual(expect.arrayContaining(["Preparing", "Charging", "Available"]));
    expect(status[status.length - 1]).toBe("Available");
  });

  test("tap offline: the Local List (synced while online) decides; the transaction reaches the Central System after the reconnect", async () => {
    const u = await startUnit();
    expect(await cs.call("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: [{ idTag: LISTED, idTagInfo: { status: "Accepted" } }] }, u.id)).toEqual({ status: "Accepted" });
    cs.reachable = false;
    await cs.dropClients();
    await u.waitSim(() => !u.ocpp().client.isOnline(), "offline");
    const seq = cs.lastSeq();
    u.unit.plug();
    await u.skip(1000);
    u.unit.tap(LISTED);
    await u.waitSim(() => u.unit.relayClosed() || u.unit.charger.session.transaction() !== undefined, "offline start");
    u.unit.request();
    await u.skip(5000);
    u.unit.tap(LISTED); // the same card stops
    await u.waitSim(() => u.unit.charger.session.transaction() === undefined, "stopped");
    expect(u.ocpp().backend.queued()).toBe(2);
    cs.reachable = true;
    await u.waitSim(() => u.ocpp().client.isOnline() && u.ocpp().backend.queued() === 0, "delivered");
    await u.skip(500);
    const tx = u.sent(seq).filter((m) => m.action === "StartTransaction" || m.action === "StopTransaction");
    expect(tx.map((m) => m.action)).toEqual(["StartTransaction", "StopTransaction"]);
    expect(tx[0]!.params.idTag).toBe(LISTED);
    expect(tx[1]!.params).toMatchObject({ transactionId: cs.lastTransactionId(), reason: "Local" });
  });

  test("200 offline sessions with the Local List, then the Central System is back: every start and stop once, in order", async () => {
    const u = await startUnit();
    expect(await cs.call("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: [{ idTag: LISTED, idTagInfo: { status: "Accepted" } }] }, u.id)).toEqual({ status: "Accepted" });
    cs.reachable = false;
    await cs.dropClients();
    await u.waitSim(() => !u.ocpp().client.isOnline(), "offline");
    u.pump.stop(); // offline: simulated time alone
    const seq = cs.lastSeq();
    for (let k = 0; k < 200; k++) {
      u.unit.plug();
      u.unit.advance(700);
      u.unit.tap(LISTED);
      u.unit.advance(700);
      u.unit.request();
      u.unit.advance(1000);
      if (u.unit.charger.session.transaction() === undefined) throw new Error("session " + k + " did not start: " + u.unit.status());
      u.unit.unplug();
      u.unit.advance(700);
    }
    expect(u.ocpp().backend.queued()).toBe(400);
    cs.reachable = true;
    u.pump.start();
    await u.waitSim(() => u.ocpp().client.isOnline(), "online");
    await until(() => u.ocpp().backend.queued() === 0, "delivered", 20_000);
    const tx = u.sent(seq).filter((m) => m.action === "StartTransaction" || m.action === "StopTransaction");
    expect(tx).toHaveLength(400);
    let lastId = 0;
    tx.forEach((m, k) => {
      expect(m.action).toBe(k % 2 === 0 ? "StartTransaction" : "StopTransaction");
      expect(m.params.idTag).toBe(LISTED);
      if (k % 2 === 1) {
        // The Central System numbers transactions in the order of the StartTransactions it answers.
        if (lastId) expect(m.params.transactionId).toBe(lastId + 1);
        lastId = m.params.transactionId;
        expect(m.params.reason).toBe("EVDisconnected");
        expect(m.params.meterStop).toBeGreaterThanOrEqual(tx[k - 1]!.params.meterStart);
      }
    });
    const times = tx.map((m) => Date.parse(m.params.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  test("remote start and remote stop", async () => {
    const u = await startUnit();
    expect(await cs.call("RemoteStartTransaction", { connectorId: 1, idTag: ACCEPTED }, u.id)).toEqual({ status: "Accepted" });
    u.unit.plug();
    await u.waitSim(() => u.unit.charger.session.transaction() !== undefined && u.unit.charger.session.transaction()!.transactionId !== undefined, "started");
    const txId = u.unit.charger.session.transaction()!.transactionId!;
    expect(await cs.call("RemoteStopTransaction", { transactionId: txId + 1 }, u.id)).toEqual({ status: "Rejected" });
    expect(await cs.call("RemoteStopTransaction", { transactionId: txId }, u.id)).toEqual({ status: "Accepted" });
    await u.waitSim(() => u.ocpp().backend.queued() === 0 && u.unit.charger.session.transaction() === undefined, "stopped");
    await u.skip(200);
    const stop = u.sent().find((m) => m.action === "StopTransaction")!;
    expect(stop.params).toMatchObject({ transactionId: txId, reason: "Remote" });
    expect(u.sent().filter((m) => m.action === "Authorize")).toHaveLength(1); // AuthorizeRemoteTxRequests
  });

  test("reset in the middle of a session: StopTransaction (SoftReset) delivered, then the unit restarts and registers again", async () => {
    const u = await startUnit();
    u.unit.plug();
    u.unit.request();
    await u.skip(1000);
    u.unit.tap(ACCEPTED);
    await u.waitSim(() => u.unit.status() === "Charging", "Charging");
    const boots = u.unit.boots.length;
    const seq = cs.lastSeq();
    expect(await cs.call("Reset", { type: "Soft" }, u.id)).toEqual({ status: "Accepted" });
    await u.waitSim(() => u.unit.boots.length === boots + 1, "restart");
    await u.waitSim(() => u.ocpp().client.isOnline(), "registered again");
    await u.skip(1000);
    const after = u.sent(seq).map((m) => m.action);
    expect(after.indexOf("StopTransaction")).toBeGreaterThanOrEqual(0);
    expect(after.indexOf("StopTransaction")).toBeLessThan(after.indexOf("BootNotification"));
    expect(u.sent(seq).find((m) => m.action === "StopTransaction")!.params.reason).toBe("SoftReset");
    expect(u.unit.relayClosed()).toBe(false);

    // A hard reset: the transaction is stopped too (HardReset), delivered at the latest after the restart.
    u.unit.tap(ACCEPTED);
    await u.waitSim(() => u.unit.status() === "Charging", "Charging again");
    const seq2 = cs.lastSeq();
    expect(await cs.call("Reset", { type: "Hard" }, u.id)).toEqual({ status: "Accepted" });
    await u.waitSim(() => u.unit.boots.length === boots + 2, "second restart");
    await u.waitSim(() => u.ocpp().client.isOnline() && u.ocpp().backend.queued() === 0, "registered and delivered");
    await u.skip(500);
    const stop = u.sent(seq2).find((m) => m.action === "StopTransaction")!;
    expect(stop.params.reason).toBe("HardReset");
    expect(u.sent(seq2).filter((m) => m.action === "BootNotification")).toHaveLength(1);
  });

  test("ChangeAvailability during a session: Scheduled, applied when the session ends; kept across a power cycle", async () => {
    const u = await startUnit();
    u.unit.plug();
    u.unit.tap(ACCEPTED);
    await u.waitSim(() => u.unit.charger.session.transaction() !== undefined, "started");
    expect(await cs.call("ChangeAvailability", { connectorId: 0, type: "Inoperative" }, u.id)).toEqual({ status: "Scheduled" });
    await u.skip(1000);
    expect(u.unit.charger.session.transaction()).toBeDefined();
    u.unit.unplug();
    await u.waitSim(() => u.unit.status() === "Unavailable", "Unavailable");
    u.unit.powerCycle();
    await u.waitSim(() => u.ocpp().client.isOnline(), "online after the power cycle");
    await u.skip(1000);
    expect(u.unit.status()).toBe("Unavailable");
    const last0 = u.sent().filter((m) => m.action === "StatusNotification" && m.params.connectorId === 0).pop()!;
    expect(last0.params.status).toBe("Unavailable");
    expect(await cs.call("ChangeAvailability", { connectorId: 0, type: "Operative" }, u.id)).toEqual({ status: "Accepted" });
    await u.waitSim(() => u.unit.status() === "Available", "Available");
  });
});
