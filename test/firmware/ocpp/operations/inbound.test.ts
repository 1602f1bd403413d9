// The Central System's calls, through the whole OCPP side (WebSocket client on the simulated
// network, RPC, handlers) into the real Local List store, Settings and Authorization Cache on
// simulated flash; a fake session stands in for the charging session. Every message in both
// directions is checked against the official OCPP 1.6 schemas by the simulated Central System.
import { SimCharger } from "../../../../tools/ocpp-testkit/sim-charger";

function charger(o: ConstructorParameters<typeof SimCharger>[0] = {}): SimCharger {
  const c = new SimCharger(o);
  c.runUntil(() => c.online(), "online");
  c.clock.advance(100); // the first StatusNotification is answered
  return c;
}

function entries(n: number, from = 0, status = "Accepted"): any[] {
  const out = [];
  for (let i = from; i < from + n; i++) out.push({ idTag: (0x04a10000 + i).toString(16).toUpperCase().padStart(8, "0"), idTagInfo: { status } });
  return out;
}

describe("SendLocalList / GetLocalListVersion", () => {
  test("Full then Differentials: applied to the store, versions follow, expiry and parent kept", () => {
    const c = charger();
    expect(c.callCharger("SendLocalList", { listVersion: 3, updateType: "Full", localAuthorizationList: entries(20) })).toEqual({ result: { status: "Accepted" } });
    expect(c.list.version()).toBe(3);
    expect(c.list.count()).toBe(20);
    const diff = [
      { idTag: "04A10000" },
      { idTag: "cafe01", idTagInfo: { status: "Blocked", expiryDate: "2030-01-02T03:04:05Z", parentIdTag: "FLEET" } },
    ];
    expect(c.callCharger("SendLocalList", { listVersion: 4, updateType: "Differential", localAuthorizationList: diff })).toEqual({ result: { status: "Accepted" } });
    expect(c.list.lookup("04A10000")).toBeUndefined();
    expect(c.list.lookup("CAFE01")).toEqual({ status: "Blocked", expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5) / 1000, parentIdTag: "FLEET" });
    expect(c.callCharger("GetLocalListVersion", {})).toEqual({ result: { listVersion: 4 } });
    expect(c.cs.invalid).toEqual([]);
  });

  test("a Differential not newer than the list: VersionMismatch, nothing changes", () => {
    const c = charger();
    c.callCharger("SendLocalList", { listVersion: 5, updateType: "Full", localAuthorizationList: entries(3) });
    for (const v of [5, 4]) {
      expect(c.callCharger("SendLocalList", { listVersion: v, updateType: "Differential", localAuthorizationList: entries(2, 100) })).toEqual({ result: { status: "VersionMismatch" } });
    }
    expect(c.list.version()).toBe(5);
    expect(c.list.count()).toBe(3);
  });

  test("over the store's capacity: Failed, the old list stays", () => {
    const c = charger({ list: { maxEntries: 30 } });
    expect(c.settings.text("LocalAuthListMaxLength")).toBe("30");
    c.callCharger("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: entries(25) });
    expect(c.callCharger("SendLocalList", { listVersion: 2, updateType: "Differential", localAuthorizationList: entries(10, 25) })).toEqual({ result: { status: "Failed" } });
    expect(c.callCharger("SendLocalList", { listVersion: 2, updateType: "Full", localAuthorizationList: entries(31) })).toEqual({ result: { status: "Failed" } });
    expect(c.list.version()).toBe(1);
    expect(c.list.count()).toBe(25);
  });

  test("more entries than SendLocalListMaxLength: CALLERROR OccurenceConstraintViolation, nothing applied", () => {
    const c = charger();
    const max = Number(c.settings.text("SendLocalListMaxLength"));
    expect(max).toBe(50);
    expect(c.callCharger("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: entries(max + 1) })).toEqual({ err: "OccurenceConstraintViolation" });
    expect(c.list.version()).toBe(0);
    expect(c.callCharger("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: entries(max) })).toEqual({ result: { status: "Accepted" } });
    expect(c.list.count()).toBe(max);
  });

  test("LocalAuthListEnabled false: NotSupported, version -1, the list is kept but not used by the session", () => {
    const c = charger();
    c.callCharger("SendLocalList", { listVersion: 2, updateType: "Full", localAuthorizationList: entries(2) });
    expect(c.callCharger("ChangeConfiguration", { key: "LocalAuthListEnabled", value: "false" })).toEqual({ result: { status: "Accepted" } });
    expect(c.callCharger("SendLocalList", { listVersion: 3, updateType: "Full", localAuthorizationList: entries(1) })).toEqual({ result: { status: "NotSupported" } });
    expect(c.callCharger("GetLocalListVersion", {})).toEqual({ result: { listVersion: -1 } });
    expect(c.list.version()).toBe(2);
    expect(c.stack.sessionList.lookup("04A10000")).toBeUndefined();
    c.callCharger("ChangeConfiguration", { key: "LocalAuthListEnabled", value: "true" });
    expect(c.stack.sessionList.lookup("04A10000")).toEqual({ status: "Accepted" });
    expect(c.cs.invalid).toEqual([]);
  });
});

describe("GetConfiguration / ChangeConfiguration", () => {
  test("every key without a list; asked keys case-insensitively; unknown ones reported; write-only without value", () => {
    const c = charger();
    const all = c.callCharger("GetConfiguration", {}).result;
    const names = all.configurationKey.map((k: any) => k.key);
    expect(names).toEqual(c.settings.keys());
    expect(names).toEqual(expect.arrayContaining(["HeartbeatInterval", "SendLocalListMaxLength", "LocalAuthListMaxLength", "AuthorizationRequired", "UnknownCardLockout"]));
    expect(all.unknownKey).toBeUndefined();
    expect(all.configurationKey.find((k: any) => k.key === "SendLocalListMaxLength")).toEqual({ key: "SendLocalListMaxLength", readonly: true, value: "50" });
    const some = c.callCharger("GetConfiguration", { key: ["heartbeatinterval", "NoSuchKey", "AuthorizationKey", "HeartbeatInterval"] }).result;
    expect(some).toEqual({
      configurationKey: [{ key: "HeartbeatInterval", readonly: false, value: "300" }, { key: "AuthorizationKey", readonly: false }],
      unknownKey: ["NoSuchKey"],
    });
    expect(c.cs.invalid).toEqual([]);
  });

  test("more keys than GetConfigurationMaxKeys: CALLERROR OccurenceConstraintViolation", () => {
    const c = charger();
    const keys = Array.from({ length: 51 }, (_, i) => "K" + i);
    expect(c.callCharger("GetConfiguration", { key: keys })).toEqual({ err: "OccurenceConstraintViolation" });
    expect(c.callCharger("GetConfiguration", { key: keys.slice(0, 50) }).result.unknownKey).toHaveLength(50);
  });

  test("ChangeConfiguration: persisted across a reboot; read-only Rejected; unknown NotSupported; bad value Rejected", () => {
    const c = charger();
    const change = (key: string, value: string) => c.callCharger("ChangeConfiguration", { key, value }).result.status;
    expect(change("ConnectionTimeOut", "45")).toBe("Accepted");
    expect(change("maxcurrent", "20")).toBe("Accepted");
    expect(change("LocalAuthListMaxLength", "10")).toBe("Rejected");
    expect(change("SendLocalListMaxLength", "500")).toBe("Rejected");
    expect(change("NumberOfConnectors", "2")).toBe("Rejected");
    expect(change("NoSuchKey", "1")).toBe("NotSupported");
    expect(change("ConnectionTimeOut", "soon")).toBe("Rejected");
    expect(change("MaxCurrent", "99")).toBe("Rejected");
    c.reboot();
    c.runUntil(() => c.online(), "online again");
    const got = c.callCharger("GetConfiguration", { key: ["ConnectionTimeOut", "MaxCurrent", "SendLocalListMaxLength"] }).result.configurationKey;
    expect(got.map((k: any) => k.value)).toEqual(["45", "20", "50"]);
    expect(c.cs.invalid).toEqual([]);
  });

  test("HeartbeatInterval takes effect at once; the BootNotification interval is what GetConfiguration shows", () => {
    const c = charger({ cs: { heartbeatIntervalS: 120 } });
    expect(c.settings.text("HeartbeatInterval")).toBe("120");
    c.callCharger("ChangeConfiguration", { key: "HeartbeatInterval", value: "10" });
    const before = c.cs.calls("Heartbeat").length;
    c.clock.advance(35_000);
    expect(c.cs.calls("Heartbeat").length - before).toBe(3);
  });

  test("WebSocketPingInterval is used from the next connection", () => {
    const c = charger({ config: { WebSocketPingInterval: "0" } });
    const pings = () => c.net.last()!.bytesToServer;
    const quiet = pings();
    c.clock.advance(60_000);
    expect(pings()).toBe(quiet); // no pings, no heartbeat yet (300 s)
    expect(c.callCharger("ChangeConfiguration", { key: "WebSocketPingInterval", value: "10" })).toEqual({ result: { status: "Accepted" } });
    c.cs.drop();
    c.runUntil(() => !c.online(), "offline");
    c.runUntil(() => c.online(), "reconnected", 60_000);
    c.clock.advance(100);
    const links = c.net.links.length;
    const before = c.net.last()!.bytesToServer;
    c.clock.advance(35_000);
    // Three pings (masked frames of 6 bytes + payload) and nothing else.
    const sent = c.net.last()!.bytesToServer - before;
    expect(sent).toBeGreaterThan(0);
    expect(sent % 3).toBe(0);
    expect(c.net.links.length).toBe(links);
    expect(c.cs.received.filter((r) => r.t > c.clock.now() - 35_000)).toEqual([]);
  });

  test("AuthorizationKey is used from the next connection (HTTP Basic, security profile 1)", () => {
    const c = charger();
    expect(c.callCharger("ChangeConfiguration", { key: "AuthorizationKey", value: "s3cret-key-0123456789" })).toEqual({ result: { status: "Accepted" } });
    // The Central System now insists on the new password.
    c.cs.password = "s3cret-key-0123456789";
    c.cs.drop();
    c.runUntil(() => !c.online(), "offline");
    c.runUntil(() => c.online(), "online with the new key", 60_000);
    expect(c.cs.connections).toBe(2);
  });
});

describe("remote control, cache, availability, reset", () => {
  test("RemoteStart/RemoteStop go to the session; another connector is Rejected", () => {
    const c = charger();
    expect(c.callCharger("RemoteStartTransaction", { idTag: "CAFE01" })).toEqual({ result: { status: "Accepted" } });
    expect(c.callCharger("RemoteStartTransaction", { connectorId: 1, idTag: "CAFE02" })).toEqual({ result: { status: "Accepted" } });
    expect(c.callCharger("RemoteStartTransaction", { connectorId: 2, idTag: "CAFE03" })).toEqual({ result: { status: "Rejected" } });
    expect(c.callCharger("RemoteStartTransaction", { connectorId: 0, idTag: "CAFE04" })).toEqual({ result: { status: "Rejected" } });
    expect(c.session!.remoteStarts).toEqual(["CAFE01", "CAFE02"]);
    c.session!.remoteStartReply = "Rejected";
    expect(c.callCharger("RemoteStartTransaction", { idTag: "CAFE05" })).toEqual({ result: { status: "Rejected" } });
    c.session!.tx = { ref: 1, idTag: "CAFE01", transactionId: 77, meterStart: 0, deauthorized: false };
    expect(c.callCharger("RemoteStopTransaction", { transactionId: 76 })).toEqual({ result: { status: "Rejected" } });
    expect(c.callCharger("RemoteStopTransaction", { transactionId: 77 })).toEqual({ result: { status: "Accepted" } });
    expect(c.cs.invalid).toEqual([]);
  });

  test("ClearCache empties the cache; Rejected when AuthorizationCacheEnabled is false", () => {
    const c = charger();
    c.cache.remember("ABCD1234", { status: "Accepted" });
    expect(c.cache.lookup("ABCD1234")).toEqual({ status: "Accepted" });
    expect(c.callCharger("ClearCache", {})).toEqual({ result: { status: "Accepted" } });
    expect(c.cache.lookup("ABCD1234")).toBeUndefined();
    c.callCharger("ChangeConfiguration", { key: "AuthorizationCacheEnabled", value: "false" });
    expect(c.callCharger("ClearCache", {})).toEqual({ result: { status: "Rejected" } });
  });

  test("ChangeAvailability: Accepted when idle; Scheduled during a transaction, applied when it ends, even after a reboot", () => {
    const c = charger();
    expect(c.callCharger("ChangeAvailability", { connectorId: 0, type: "Inoperative" })).toEqual({ result: { status: "Accepted" } });
    expect(c.callCharger("ChangeAvailability", { connectorId: 1, type: "Operative" })).toEqual({ result: { status: "Accepted" } });
    expect(c.callCharger("ChangeAvailability", { connectorId: 2, type: "Operative" })).toEqual({ result: { status: "Rejected" } });
    expect(c.session!.availabilityCalls).toEqual([false, true]);

    c.session!.tx = { ref: 1, idTag: "CAFE01", transactionId: 1, meterStart: 0, deauthorized: false };
    expect(c.callCharger("ChangeAvailability", { connectorId: 0, type: "Inoperative" })).toEqual({ result: { status: "Scheduled" } });
    expect(c.session!.availabilityCalls).toEqual([false, true]);
    c.reboot();
    c.session!.tx = { ref: 1, idTag: "CAFE01", transactionId: 1, meterStart: 0, deauthorized: false };
    c.runUntil(() => c.online(), "online");
    expect(c.stack.availability.scheduled()).toBe(false);
    // The transaction ends: the session reports its status; the waiting change is applied.
    c.session!.tx = undefined;
    c.stack.backend.statusNotification(1, "Finishing", "NoError");
    c.clock.advance(10);
    expect(c.session!.availabilityCalls).toEqual([false]);
    expect(c.stack.availability.scheduled()).toBeUndefined();
    // Operative cancels a change still waiting.
    c.session!.tx = { ref: 2, idTag: "CAFE01", transactionId: 2, meterStart: 0, deauthorized: false };
    c.callCharger("ChangeAvailability", { connectorId: 0, type: "Inoperative" });
    c.callCharger("ChangeAvailability", { connectorId: 0, type: "Operative" });
    c.session!.tx = undefined;
    c.stack.backend.statusNotification(1, "Available", "NoError");
    c.clock.advance(10);
    expect(c.session!.availabilityCalls).toEqual([false, true]);
    expect(c.cs.invalid).toEqual([]);
  });

  test("Reset: the session is told (hard/soft); the answer leaves before the unit restarts", () => {
    const c = charger();
    const reboots: { hard: boolean; t: number }[] = [];
    const hook = c.stack.deferredReboot((hard) => reboots.push({ hard, t: c.clock.now() }));
    c.session!.onReset = hook;
    const t0 = c.clock.now();
    expect(c.callCharger("Reset", { type: "Soft" })).toEqual({ result: { status: "Accepted" } });
    expect(c.session!.resets).toEqual([false]);
    c.clock.advance(2000);
    expect(reboots).toHaveLength(1);
    expect(reboots[0]!.hard).toBe(false);
    expect(reboots[0]!.t - t0).toBeLessThan(2000);
    expect(c.online()).toBe(false);

    // A soft reset in the middle of a transaction: the session queues the StopTransaction
    // (SoftReset); it reaches the Central System before the unit restarts.
    const e = charger();
    const order: string[] = [];
    e.cs.answer = (a) => {
      order.push(a);
      return undefined;
    };
    e.stack.backend.startTransaction({ ref: 1, connectorId: 1, idTag: "CAFE01", meterStart: 0 });
    e.runUntil(() => e.session!.started.length === 1, "started");
    const restart = e.stack.deferredReboot(() => order.push("restart"));
    e.session!.onReset = (hard) => {
      e.stack.backend.stopTransaction({ ref: 1, transactionId: 1, idTag: "CAFE01", meterStop: 10, reason: hard ? "HardReset" : "SoftReset" });
      restart(hard);
    };
    expect(e.callCharger("Reset", { type: "Soft" })).toEqual({ result: { status: "Accepted" } });
    e.clock.advance(3000);
    expect(order).toEqual(["StartTransaction", "StopTransaction", "restart"]);
    expect(e.cs.calls("StopTransaction")[0]!.payload.reason).toBe("SoftReset");

    const d = charger();
    const hard: boolean[] = [];
    d.session!.onReset = d.stack.deferredReboot((h) => hard.push(h));
    expect(d.callCharger("Reset", { type: "Hard" })).toEqual({ result: { status: "Accepted" } });
    d.clock.advance(2000);
    expect(hard).toEqual([true]);
  });
});

describe("TriggerMessage, UnlockConnector, DataTransfer", () => {
  test("each supported message is answered Accepted and then sent; others NotImplemented", () => {
    const c = charger();
    c.session!.currentStatus = "Preparing";
    const trigger = (requestedMessage: string, connectorId?: number) =>
      c.callCharger("TriggerMessage", connectorId === undefined ? { requestedMessage } : { requestedMessage, connectorId }).result.status;
    let seq = c.cs.received.length;
    const sentSince = () => {
      const s = c.cs.received.slice(seq).map((r) => r.action + (r.payload.connectorId !== undefined ? ":" + r.payload.connectorId : ""));
      seq = c.cs.received.length;
      return s;
    };
    expect(trigger("Heartbeat")).toBe("Accepted");
    c.clock.advance(100);
    expect(sentSince()).toEqual(["Heartbeat"]);
    expect(trigger("BootNotification")).toBe("Accepted");
    c.clock.advance(100);
    expect(sentSince()).toEqual(["BootNotification"]);
    expect(trigger("StatusNotification")).toBe("Accepted");
    c.clock.advance(100);
    expect(sentSince()).toEqual(["StatusNotification:0", "StatusNotification:1"]);
    expect(c.cs.received.at(-1)!.payload.status).toBe("Preparing");
    expect(trigger("StatusNotification", 1)).toBe("Accepted");
    c.clock.advance(100);
    expect(sentSince()).toEqual(["StatusNotification:1"]);
    expect(trigger("MeterValues")).toBe("Rejected"); // no meter wired
    c.stack.backend.setEnergySource(() => 1234.5);
    expect(trigger("MeterValues", 1)).toBe("Accepted");
    c.clock.advance(100);
    expect(sentSince()).toEqual(["MeterValues:1"]);
    expect(c.cs.received.at(-1)!.payload.meterValue[0].sampledValue[0]).toEqual({ value: "1234", context: "Trigger", measurand: "Energy.Active.Import.Register", unit: "Wh" });
    expect(trigger("FirmwareStatusNotification")).toBe("NotImplemented");
    expect(trigger("DiagnosticsStatusNotification")).toBe("NotImplemented");
    expect(trigger("Heartbeat", 2)).toBe("Rejected");
    c.clock.advance(100);
    expect(sentSince()).toEqual([]);
    expect(c.cs.invalid).toEqual([]);
  });

  test("UnlockConnector: NotSupported (no lock); DataTransfer: UnknownVendorId", () => {
    const c = charger();
    expect(c.callCharger("UnlockConnector", { connectorId: 1 })).toEqual({ result: { status: "NotSupported" } });
    expect(c.callCharger("DataTransfer", { vendorId: "com.example", messageId: "x", data: "y" })).toEqual({ result: { status: "UnknownVendorId" } });
    expect(c.cs.invalid).toEqual([]);
  });
});
