// The session's Backend over OCPP, on simulated time and network, against the simulated Central
// System (which checks every message against the official schemas): Authorize, StatusNotification,
// the offline transaction queue and its delivery (order, retries, reconnects, reboots).
import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";
import { SimCharger } from "../../../tools/ocpp-testkit/sim-charger";

const start = (ref: number) => ({ ref, connectorId: 1, idTag: "CAFE" + ref, meterStart: ref * 1000 });
const stop = (ref: number, transactionId?: number) => ({ ref, transactionId, idTag: "CAFE" + ref, meterStop: ref * 1000 + 500, reason: "Local" as const });

function online(o: ConstructorParameters<typeof SimCharger>[0] = {}): SimCharger {
  const c = new SimCharger(o);
  c.runUntil(() => c.online(), "online");
  c.clock.advance(100);
  return c;
}

function authorize(c: SimCharger, idTag: string): { info?: IdTagInfo; sync: boolean; at?: number } {
  const out: { info?: IdTagInfo; sync: boolean; at?: number; done?: boolean } = { sync: false };
  let inside = true;
  c.stack.backend.authorize(idTag, (info) => {
    out.info = info;
    out.sync = inside;
    out.at = c.clock.now();
    out.done = true;
  });
  inside = false;
  c.runUntil(() => !!out.done, "Authorize outcome", 20_000);
  return out;
}

describe("Authorize", () => {
  test("online: the backend's answer, remembered in the Authorization Cache", () => {
    const c = online({ cs: { idTags: { CAFE01: "Accepted", BAD: "Blocked" } } });
    expect(authorize(c, "CAFE01").info).toEqual({ status: "Accepted" });
    expect(authorize(c, "bad").info).toEqual({ status: "Blocked" });
    expect(c.cache.lookup("CAFE01")).toEqual({ status: "Accepted" });
    expect(c.cache.lookup("BAD")).toEqual({ status: "Blocked" });
    expect(c.cs.calls("Authorize").map((a) => a.payload)).toEqual([{ idTag: "CAFE01" }, { idTag: "bad" }]);
    expect(c.cs.invalid).toEqual([]);
  });

  test("offline: undefined at once, nothing sent", () => {
    const c = new SimCharger({ startOffline: true });
    const r = authorize(c, "CAFE01");
    expect(r).toMatchObject({ info: undefined, sync: true });
    expect(c.cs.received).toEqual([]);
  });

  test("no answer: undefined after the timeout (5 s), and the link is free for the next call", () => {
    let silent = true;
    const c = online({ cs: { idTags: { CAFE01: "Accepted" }, answer: (a) => (a === "Authorize" && silent ? "silence" : undefined) } });
    const t0 = c.clock.now();
    const r = authorize(c, "CAFE01");
    expect(r.info).toBeUndefined();
    expect(r.at! - t0).toBe(5000);
    silent = false;
    expect(authorize(c, "CAFE01").info).toEqual({ status: "Accepted" });
  });

  test("an answer that contradicts the Local List: StatusNotification LocalListConflict on connector 0; list ids are not cached", () => {
    const c = online({ cs: { idTags: { LISTED1: "Blocked", LISTED2: "Accepted" } } });
    c.list.update(1, "Full", [{ idTag: "LISTED1", idTagInfo: { status: "Accepted" } }, { idTag: "LISTED2", idTagInfo: { status: "Accepted" } }]);
    authorize(c, "LISTED2");
    c.clock.advance(100);
    expect(c.cs.calls("StatusNotification").filter((s) => s.payload.errorCode === "LocalListConflict")).toEqual([]);
    authorize(c, "LISTED1");
    c.clock.advance(100);
    const conflicts = c.cs.calls("StatusNotification").filter((s) => s.payload.errorCode === "LocalListConflict");
    expect(conflicts.map((s) => [s.payload.connectorId, s.payload.status])).toEqual([[0, "Available"]]);
    expect(c.cache.lookup("LISTED1")).toBeUndefined();
    expect(c.cs.invalid).toEqual([]);
  });
});

describe("StatusNotification", () => {
  test("online: sent as reported; offline: only the latest is sent after the reconnect", () => {
    const c = online();
    const b = c.stack.backend;
    b.statusNotification(1, "Preparing", "NoError");
    c.clock.advance(100);
    c.cs.drop();
    c.runUntil(() => !c.online(), "offline");
    c.cs.refuse();
    b.statusNotification(1, "Charging", "NoError");
    b.statusNotification(1, "SuspendedEV", "NoError");
    b.statusNotification(1, "Finishing", "NoError");
    c.clock.advance(5000);
    c.cs.listen();
    const seq = c.cs.received.length;
    c.runUntil(() => c.online(), "online again", 60_000);
    c.clock.advance(500);
    expect(c.cs.received.slice(seq).map((r) => r.action + ":" + (r.payload.connectorId ?? "") + ":" + (r.payload.status ?? ""))).toEqual([
      "StatusNotification:0:Available",
      "StatusNotification:1:Finishing",
    ]);
    expect(c.cs.invalid).toEqual([]);
  });
});

describe("transaction messages", () => {
  test("online: StartTransaction answered to the session, sampled MeterValues and StopTransaction carry the transactionId", () => {
    const c = online({ cs: { idTags: { CAFE1: "Accepted" } } });
    const b = c.stack.backend;
    b.startTransaction(start(1));
    c.runUntil(() => c.session!.started.length === 1, "StartTransaction.conf");
    expect(c.session!.started[0]).toEqual({ ref: 1, transactionId: 1, info: { status: "Accepted" } });
    b.meterValues({ ref: 1, transactionId: 1, connectorId: 1, wh: 1234 });
    b.stopTransaction(stop(1, 1));
    c.runUntil(() => b.queued() === 0, "queue delivered");
    const [s, m, p] = [c.cs.calls("StartTransaction")[0]!, c.cs.calls("MeterValues")[0]!, c.cs.calls("StopTransaction")[0]!];
    expect(s.payload).toEqual({ connectorId: 1, idTag: "CAFE1", meterStart: 1000, timestamp: expect.stringMatching(/^2024-05-01T10:00:0\d\.000Z$/) });
    expect(m.payload).toMatchObject({ connectorId: 1, transactionId: 1, meterValue: [{ sampledValue: [{ value: "1234", context: "Sample.Periodic" }] }] });
    expect(p.payload).toMatchObject({ transactionId: 1, idTag: "CAFE1", meterStop: 1500, reason: "Local" });
    expect(c.cache.lookup("CAFE1")).toEqual({ status: "Accepted" });
    expect(c.cs.invalid).toEqual([]);
  });

  test("the idTagInfo of a StopTransaction answer updates the Authorization Cache too", () => {
    const c = online({ cs: { idTags: { CAFE1: "Accepted" } } });
    const b = c.stack.backend;
    b.startTransaction(start(1));
    c.runUntil(() => c.session!.started.length === 1, "started");
    expect(c.cache.lookup("CAFE1")).toEqual({ status: "Accepted" });
    c.cs.setIdTags({ CAFE1: "Blocked" });
    b.stopTransaction(stop(1, 1));
    c.runUntil(() => b.queued() === 0, "stopped");
    expect(c.cache.lookup("CAFE1")).toEqual({ status: "Blocked" });
  });

  test("offline session: kept, then delivered in order after BootNotification, the stop with the transactionId the start got", () => {
    const c = new SimCharger({ startOffline: true, cs: { idTags: { CAFE1: "Accepted" } } });
    c.wall.set(Date.UTC(2024, 4, 1, 9, 0, 0));
    const b = c.stack.backend;
    b.startTransaction(start(1));
    c.clock.advance(60_000);
    b.meterValues({ ref: 1, connectorId: 1, wh: 1100 });
    c.clock.advance(60_000);
    b.stopTransaction(stop(1));
    expect(b.queued()).toBe(3);
    c.cs.nextTransactionId = 900;
    c.cs.listen();
    c.runUntil(() => b.queued() === 0, "delivered", 120_000);
    expect(c.cs.received.map((r) => r.action)).toEqual(["BootNotification", "StatusNotification", "StartTransaction", "MeterValues", "StopTransaction"]);
    expect(c.cs.calls("StartTransaction")[0]!.payload.timestamp).toBe("2024-05-01T09:00:00.000Z");
    expect(c.cs.calls("MeterValues")[0]!.payload).toMatchObject({ transactionId: 900, meterValue: [{ timestamp: "2024-05-01T09:01:00.000Z" }] });
    expect(c.cs.calls("StopTransaction")[0]!.payload).toMatchObject({ transactionId: 900, timestamp: "2024-05-01T09:02:00.000Z" });
    expect(c.session!.started).toEqual([{ ref: 1, transactionId: 900, info: { status: "Accepted" } }]);
    expect(c.cs.invalid).toEqual([]);
  });

  test("the answer to an offline start reaches the session after a reboot; a repeated start gets it again", () => {
    const c = new SimCharger({ startOffline: true, cs: { idTags: { CAFE5: "Accepted" } } });
    c.stack.backend.startTransaction(start(5));
    c.reboot();
    c.stack.backend.startTransaction(start(5)); // the session re-issues it (at-least-once)
    c.cs.listen();
    c.runUntil(() => c.session!.started.length === 1, "answer", 60_000);
    expect(c.session!.started[0]!.ref).toBe(5);
    expect(c.cs.calls("StartTransaction")).toHaveLength(1);
    // Another power cut before the session saved the id: it re-issues the start, and is answered from flash.
    c.reboot();
    c.stack.backend.startTransaction(start(5));
    c.clock.advance(1);
    expect(c.session!.started).toEqual([{ ref: 5, transactionId: 1, info: { status: "Accepted" } }]);
    c.stack.backend.stopTransaction(stop(5));
    c.runUntil(() => c.cs.calls("StopTransaction").length === 1, "stop", 60_000);
    expect(c.cs.calls("StopTransaction")[0]!.payload.transactionId).toBe(1);
    expect(c.cs.calls("StartTransaction")).toHaveLength(1);
  });

  test("CALLERRORs are retried after TransactionMessageRetryInterval x attempts; after TransactionMessageAttempts the message is dropped", () => {
    let failures = 2;
    const c = online({
      config: { TransactionMessageAttempts: "3", TransactionMessageRetryInterval: "10" },
      cs: { answer: (a) => (a === "StartTransaction" && failures-- > 0 ? { error: "InternalError" } : undefined) },
    });
    c.stack.backend.startTransaction(start(1));
    c.runUntil(() => c.session!.started.length === 1, "accepted on the third try", 120_000);
    const times = c.cs.calls("StartTransaction").map((s) => s.t);
    expect(times).toHaveLength(3);
    expect(Math.round((times[1]! - times[0]!) / 1000)).toBe(10);
    expect(Math.round((times[2]! - times[1]! ) / 1000)).toBe(20);

    failures = 99;
    c.stack.backend.startTransaction(start(2));
    c.stack.backend.stopTransaction(stop(2));
    c.runUntil(() => c.stack.backend.queued() === 0, "given up", 120_000);
    expect(c.cs.calls("StartTransaction")).toHaveLength(6);
    // The stop cannot be sent without a transactionId: dropped too, and a repeat of the start is not queued again.
    expect(c.cs.calls("StopTransaction")).toHaveLength(0);
    expect(c.stack.backend.sender.dropped).toBe(2);
    c.stack.backend.startTransaction(start(2));
    expect(c.stack.backend.queued()).toBe(0);
  });

  test("a connection lost while a message is on its way: sent again on the next connection, not counted as an attempt", () => {
    let drop = true;
    const c = online({ config: { TransactionMessageAttempts: "1" } });
    const cs = c.cs;
    cs.answer = (a: string) => {
      if (a === "StartTransaction" && drop) {
        drop = false;
        c.clock.after(0, () => cs.drop());
        return "silence";
      }
      return undefined;
    };
    c.stack.backend.startTransaction(start(1));
    c.runUntil(() => c.session!.started.length === 1, "delivered after the reconnect", 60_000);
    expect(cs.calls("StartTransaction")).toHaveLength(2);
    expect(cs.connections).toBe(2);
  });

  test("200 offline sessions, then a reconnect: every message once, in order, each stop with its own start's id", () => {
    const c = new SimCharger({ startOffline: true, cs: { idTags: {} } });
    c.wall.set(Date.UTC(2024, 4, 1, 9, 0, 0));
    const b = c.stack.backend;
    for (let r = 1; r <= 200; r++) {
      b.startTransaction(start(r));
      c.clock.advance(1000);
      b.stopTransaction(stop(r));
      c.clock.advance(1000);
    }
    expect(b.queued()).toBe(400);
    c.cs.listen();
    c.runUntil(() => b.queued() === 0, "delivered", 600_000);
    const tx = c.cs.received.filter((r) => r.action === "StartTransaction" || r.action === "StopTransaction");
    expect(tx).toHaveLength(400);
    const idOfRef: number[] = [];
    tx.forEach((m, i) => {
      const ref = Math.floor(i / 2) + 1;
      if (i % 2 === 0) {
        expect(m.action).toBe("StartTransaction");
        expect(m.payload.idTag).toBe("CAFE" + ref);
        idOfRef[ref] = c.session!.started[ref - 1]!.transactionId;
      } else {
        expect(m.action).toBe("StopTransaction");
        expect(m.payload).toMatchObject({ idTag: "CAFE" + ref, transactionId: idOfRef[ref], meterStop: ref * 1000 + 500 });
      }
    });
    expect(new Set(idOfRef.slice(1)).size).toBe(200);
    expect(c.cs.invalid).toEqual([]);
  });
});
