// Conformance of the charger's OCPP side against a real peer: tools/sim/central-system.ts
// (ocpp-rpc in strict mode: every message in both directions is checked against the official
// OCPP 1.6 JSON schemas) over real TCP, through the firmware's WebSocket client and the Node
// socket binding. The firmware runs on simulated flash and a simulated clock that follows real
// time (RealTimeClockPump); a fake session stands in for the charging session.
import { NodeSocketConnector } from "../../../../hal/node/socket";
import { SimClock } from "../../../../hal/sim/clock";
import { LocalCentralSystem } from "../../../../tools/sim/central-system";
import { planFullSync, resumeIndex, sampleCards } from "../../../../tools/ocpp-testkit/list-sync";
import { RealTimeClockPump, until } from "../../../../tools/ocpp-testkit/realtime";
import { SimCharger } from "../../../../tools/ocpp-testkit/sim-charger";

let cs: LocalCentralSystem;
let url: string;
const pumps: RealTimeClockPump[] = [];
const chargers: SimCharger[] = [];
let n = 0;

beforeAll(async () => {
  cs = new LocalCentralSystem({ idTags: { CAFE0001: "Accepted", LISTED02: "Blocked" }, heartbeatIntervalS: 600 });
  url = (await cs.listen()) + "/ocpp";
});

afterAll(async () => {
  for (const p of pumps) p.stop();
  for (const c of chargers) c.stack.halt();
  await cs.close();
});

afterEach(() => {
  expect(cs.problems).toEqual([]);
  for (const p of pumps) p.check();
});

async function startCharger(o: ConstructorParameters<typeof SimCharger>[0] = {}): Promise<{ c: SimCharger; id: string; pump: RealTimeClockPump }> {
  const id = "CP-CONF-" + ++n;
  const clock = new SimClock();
  const c = new SimCharger({ clock, connector: new NodeSocketConnector(), url, chargePointId: id, ...o });
  const pump = new RealTimeClockPump(clock);
  pumps.push(pump);
  chargers.push(c);
  pump.start();
  await until(() => c.online(), id + " online");
  return { c, id, pump };
}

/** Waits for `cond`, moving simulated time ahead fast (reconnect back-off, retry timers). */
async function waitSim(pump: RealTimeClockPump, cond: () => boolean, what: string, limitMs = 120_000): Promise<void> {
  const end = pump.clock.now() + limitMs;
  while (!cond()) {
    if (pump.clock.now() > end) throw new Error("timed out (simulated) waiting for " + what);
    await pump.skip(100, 50);
  }
}

const from = (id: string, after = 0) => cs.received.filter((r) => r.identity === id && r.seq > after);

describe("the charger's OCPP side against a strict ocpp-rpc Central System", () => {
  test("every Central System call is answered, validated by the strict peer", async () => {
    const { c, id } = await startCharger({ list: { maxEntries: 60 } });
    c.stack.backend.setEnergySource(() => 5000);
    const call = (action: string, params: any) => cs.call(action, params, id);
    await until(() => from(id).length >= 2, "first StatusNotification");
    expect(from(id).map((r) => r.action)).toEqual(["BootNotification", "StatusNotification"]);

    expect(await call("GetConfiguration", {})).toMatchObject({ configurationKey: expect.arrayContaining([{ key: "SendLocalListMaxLength", readonly: true, value: "50" }]) });
    expect(await call("GetConfiguration", { key: ["LocalAuthListMaxLength", "Nope"] })).toEqual({
      configurationKey: [{ key: "LocalAuthListMaxLength", readonly: true, value: "60" }],
      unknownKey: ["Nope"],
    });
    expect(await call("ChangeConfiguration", { key: "MeterValueSampleInterval", value: "30" })).toEqual({ status: "Accepted" });
    expect(await call("ChangeConfiguration", { key: "NumberOfConnectors", value: "3" })).toEqual({ status: "Rejected" });
    expect(await call("ChangeConfiguration", { key: "Unheard", value: "1" })).toEqual({ status: "NotSupported" });

    const cards = sampleCards(60);
    expect(await call("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: cards.slice(0, 40) })).toEqual({ status: "Accepted" });
    expect(await call("SendLocalList", { listVersion: 2, updateType: "Differential", localAuthorizationList: cards.slice(40, 55) })).toEqual({ status: "Accepted" });
    expect(await call("SendLocalList", { listVersion: 2, updateType: "Differential", localAuthorizationList: cards.slice(55, 56) })).toEqual({ status: "VersionMismatch" });
    expect(await call("SendLocalList", { listVersion: 3, updateType: "Differential", localAuthorizationList: sampleCards(10, 9) })).toEqual({ status: "Failed" });
    await expect(call("SendLocalList", { listVersion: 3, updateType: "Full", localAuthorizationList: sampleCards(51, 3) })).rejects.toMatchObject({ rpcErrorCode: "OccurenceConstraintViolation" });
    expect(await call("GetLocalListVersion", {})).toEqual({ listVersion: 2 });
    expect(c.list.count()).toBe(55);

    expect(await call("ClearCache", {})).toEqual({ status: "Accepted" });
    expect(await call("ChangeAvailability", { connectorId: 0, type: "Inoperative" })).toEqual({ status: "Accepted" });
    expect(await call("ChangeAvailability", { connectorId: 0, type: "Operative" })).toEqual({ status: "Accepted" });
    expect(await call("RemoteStartTransaction", { connectorId: 1, idTag: "CAFE0001" })).toEqual({ status: "Accepted" });
    expect(await call("RemoteStopTransaction", { transactionId: 12345 })).toEqual({ status: "Rejected" });
    expect(await call("UnlockConnector", { connectorId: 1 })).toEqual({ status: "NotSupported" });
    expect(await call("DataTransfer", { vendorId: "com.example", messageId: "hello" })).toEqual({ status: "UnknownVendorId" });
    const before = cs.lastSeq();
    for (const requestedMessage of ["Heartbeat", "StatusNotification", "MeterValues", "BootNotification"]) {
      expect(await call("TriggerMessage", { requestedMessage })).toEqual({ status: "Accepted" });
    }
    expect(await call("TriggerMessage", { requestedMessage: "FirmwareStatusNotification" })).toEqual({ status: "NotImplemented" });
    await until(() => from(id, before).length >= 5, "triggered messages");
    expect(from(id, before).map((r) => r.action)).toEqual(["Heartbeat", "StatusNotification", "StatusNotification", "MeterValues", "BootNotification"]);

    // Reset: answered, then the unit restarts (new firmware instance on the same flash) and boots again.
    let rebooted = false;
    c.session!.onReset = c.stack.deferredReboot(() => {
      rebooted = true;
      c.boot();
    });
    const seq = cs.lastSeq();
    expect(await call("Reset", { type: "Soft" })).toEqual({ status: "Accepted" });
    await until(() => rebooted, "restart");
    await until(() => c.online() && from(id, seq).length >= 2, "registered again");
    expect(from(id, seq).map((r) => r.action).slice(0, 2)).toEqual(["BootNotification", "StatusNotification"]);
    expect(await call("GetLocalListVersion", {})).toEqual({ listVersion: 2 });
  });

  test("the charger's calls: Authorize, StartTransaction, MeterValues, StopTransaction, StatusNotification (LocalListConflict)", async () => {
    const { c, id } = await startCharger();
    const b = c.stack.backend;
    c.list.update(1, "Full", [{ idTag: "LISTED02", idTagInfo: { status: "Accepted" } }]);
    const answers: any[] = [];
    b.authorize("cafe0001", (info) => answers.push(info));
    b.authorize("LISTED02", (info) => answers.push(info));
    await until(() => answers.length === 2, "Authorize answers");
    expect(answers).toEqual([{ status: "Accepted" }, { status: "Blocked" }]);
    await until(() => from(id).some((r) => r.params.errorCode === "LocalListConflict"), "LocalListConflict");
    b.statusNotification(1, "Preparing", "NoError");
    b.startTransaction({ ref: 1, connectorId: 1, idTag: "CAFE0001", meterStart: 100, timestampEpochMs: c.wall.nowEpochMs() });
    await until(() => c.session!.started.length === 1, "StartTransaction.conf");
    const txId = c.session!.started[0]!.transactionId;
    b.statusNotification(1, "Charging", "NoError");
    b.meterValues({ ref: 1, transactionId: txId, connectorId: 1, wh: 900, timestampEpochMs: c.wall.nowEpochMs() });
    b.stopTransaction({ ref: 1, transactionId: txId, idTag: "CAFE0001", meterStop: 1200, timestampEpochMs: c.wall.nowEpochMs(), reason: "EVDisconnected" });
    b.statusNotification(1, "Finishing", "NoError");
    await until(() => b.queued() === 0 && from(id).filter((r) => r.action === "StatusNotification").length >= 5, "delivered");
    // Status notifications are not queued behind transaction messages (they may overtake them).
    const status = from(id).filter((r) => r.action === "StatusNotification").map((r) => r.params.connectorId + ":" + r.params.status + ":" + r.params.errorCode);
    expect(status).toEqual(["0:Available:NoError", "0:Available:LocalListConflict", "1:Preparing:NoError", "1:Charging:NoError", "1:Finishing:NoError"]);
    expect(from(id).filter((r) => r.action !== "StatusNotification").map((r) => r.action)).toEqual([
      "BootNotification",
      "Authorize",
      "Authorize",
      "StartTransaction",
      "MeterValues",
      "StopTransaction",
    ]);
    expect(from(id).find((r) => r.action === "StopTransaction")!.params).toMatchObject({ transactionId: txId, meterStop: 1200, reason: "EVDisconnected" });
    expect(c.cache.lookup("CAFE0001")).toEqual({ status: "Accepted" });
  });

  test("a chunked full sync survives connections lost part-way: resumed from GetLocalListVersion, the list is exact", async () => {
    const { c, id, pump } = await startCharger();
    const cards = sampleCards(600, 5);
    const max = Number((await cs.call("GetConfiguration", { key: ["SendLocalListMaxLength"] }, id)).configurationKey[0].value);
    const plan = planFullSync(cards, max, 100);
    expect(plan).toHaveLength(12);
    let i = 0;
    let drops = 0;
    while (i < plan.length) {
      if ((i === 3 || i === 8) && drops < 2) {
        // The connection dies while a message is on its way; the Central System does not know
        // whether it was applied.
        drops++;
        cs.call("SendLocalList", plan[i], id).catch(() => undefined);
        await cs.dropClients();
        await waitSim(pump, () => !c.online(), "offline");
        await waitSim(pump, () => c.online() && cs.connected().includes(id), "reconnected");
        i = resumeIndex(plan, (await cs.call("GetLocalListVersion", {}, id)).listVersion);
        continue;
      }
      expect(await cs.call("SendLocalList", plan[i], id)).toEqual({ status: "Accepted" });
      i++;
    }
    expect(drops).toBe(2);
    expect(c.list.version()).toBe(100);
    expect(c.list.count()).toBe(600);
    for (const card of cards) expect(c.list.lookup(card.idTag)!.status).toBe(card.idTagInfo!.status);
  });

  test("200 offline sessions, then the Central System is back: every message once, in order, stops with their start's id", async () => {
    const { c, id, pump } = await startCharger();
    cs.reachable = false;
    await cs.dropClients();
    await waitSim(pump, () => !c.online(), "offline");
    pump.stop();
    const b = c.stack.backend;
    for (let r = 1; r <= 200; r++) {
      b.startTransaction({ ref: r, connectorId: 1, idTag: "CARD" + r, meterStart: r * 10 });
      c.clock.advance(2000);
      b.stopTransaction({ ref: r, idTag: "CARD" + r, meterStop: r * 10 + 5, reason: "Local" });
      c.clock.advance(2000);
    }
    expect(b.queued()).toBe(400);
    const seq = cs.lastSeq();
    cs.reachable = true;
    pump.start();
    await waitSim(pump, () => c.online(), "online");
    await until(() => b.queued() === 0, "queue delivered", 15_000);
    const tx = from(id, seq).filter((r) => r.action === "StartTransaction" || r.action === "StopTransaction");
    expect(tx).toHaveLength(400);
    const ids = new Map<string, number>();
    tx.forEach((m, k) => {
      const ref = Math.floor(k / 2) + 1;
      expect(m.params.idTag).toBe("CARD" + ref);
      if (k % 2 === 0) {
        expect(m.action).toBe("StartTransaction");
        ids.set(m.params.idTag, c.session!.started[ref - 1]!.transactionId);
      } else {
        expect(m.action).toBe("StopTransaction");
        expect(m.params.transactionId).toBe(ids.get(m.params.idTag));
      }
    });
    expect(new Set(ids.values()).size).toBe(200);
  });
});
