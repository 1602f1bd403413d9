import { Machine, ACCEPTED, BLOCKED, accepted } from "./helpers";

const CARD = "04A1B2C3";
const OTHER = "DEADBEEF";
const NOW_S = 1_700_000_000;

function online(policy?: any): Machine {
  const m = new Machine(policy);
  m.boot("C", true);
  return m;
}

describe("decision order: local list, cache, backend, offline rules", () => {
  test("listed + online without LocalPreAuthorize: asks the backend, yellow blink while waiting", () => {
    const m = online();
    m.card(CARD, ACCEPTED);
    expect(m.kinds()).toEqual(["authorize"]);
    expect(m.light()).toBe("yellow/blink");
    expect(m.status()).toBe("Preparing");
    m.send({ type: "authorizeAnswer", reqId: m.reqId(), info: ACCEPTED });
    expect(m.relay()).toBe(true);
    expect(m.kinds()).toEqual(["remember", "startTx"]);
  });
  test("listed + online with LocalPreAuthorize: starts without asking", () => {
    const m = online({ localPreAuthorize: true });
    m.card(CARD, ACCEPTED);
    expect(m.kinds()).toEqual(["startTx"]);
    expect(m.relay()).toBe(true);
  });
  test("cached Accepted + LocalPreAuthorize: starts without asking", () => {
    const m = online({ localPreAuthorize: true });
    m.card(CARD, undefined, ACCEPTED);
    expect(m.kinds()).toEqual(["startTx"]);
  });
  test("the list has priority over the cache: a Blocked list entry is rejected even if cached Accepted", () => {
    const m = online({ localPreAuthorize: true });
    m.card(CARD, BLOCKED, ACCEPTED);
    expect(m.kinds()).toEqual([]);
    expect(m.state.lastDecision).toBe("Blocked");
    expect(m.light()).toBe("red/flash");
  });
  test("a list entry not Accepted is rejected without asking, online or offline", () => {
    for (const on of [true, false]) {
      const m = new Machine();
      m.boot("C", on);
      m.card(CARD, { status: "Invalid" });
      expect(m.kinds()).toEqual([]);
      expect(m.relay()).toBe(false);
      expect(m.state.lastDecision).toBe("Invalid");
    }
  });
  test("an expired list entry is rejected (Expired)", () => {
    const m = new Machine({ localPreAuthorize: true });
    m.boot("C", true);
    m.card(CARD, accepted(undefined, NOW_S - 10));
    expect(m.state.lastDecision).toBe("Expired");
    expect(m.relay()).toBe(false);
  });
  test("an entry with an expiry is not judged expired while the wall-clock time is unknown", () => {
    const m = new Machine({ localPreAuthorize: true });
    m.epochMs = undefined;
    m.boot("C", true);
    m.card(CARD, accepted(undefined, NOW_S - 10));
    expect(m.relay()).toBe(true);
  });
  test("a cached entry not valid is asked online (OCPP 3.5.3)", () => {
    const m = online({ localPreAuthorize: true });
    m.card(CARD, undefined, { status: "Accepted", expiresAt: NOW_S - 1 });
    expect(m.kinds()).toEqual(["authorize"]);
  });
  test("a cached entry not valid is rejected offline", () => {
    const m = new Machine();
    m.boot("C");
    m.card(CARD, undefined, BLOCKED);
    expect(m.relay()).toBe(false);
    expect(m.state.lastDecision).toBe("Blocked");
  });
  test("unknown card online: the backend decides (Accepted)", () => {
    const m = online();
    m.card(OTHER);
    m.send({ type: "authorizeAnswer", reqId: m.reqId(), info: ACCEPTED });
    expect(m.relay()).toBe(true);
    expect(m.state.lastDecision).toBe("Accepted");
  });
  test("unknown card online: the backend decides (Blocked): rejected, remembered for the cache", () => {
    const m = online();
    m.card(OTHER);
    m.send({ type: "authorizeAnswer", reqId: m.reqId(), info: BLOCKED });
    expect(m.relay()).toBe(false);
    expect(m.kinds()).toEqual(["remember"]);
    expect(m.state.lastDecision).toBe("Blocked");
    expect(m.light()).toBe("red/flash");
  });
  test("the backend's Accepted with an expiry already past is rejected", () => {
    const m = online();
    m.card(OTHER);
    m.send({ type: "authorizeAnswer", reqId: m.reqId(), info: accepted(undefined, NOW_S - 5) });
    expect(m.relay()).toBe(false);
    expect(m.state.lastDecision).toBe("Expired");
  });
  test("Authorize timeout: the offline rules decide (listed + LocalAuthorizeOffline: accepted)", () => {
    const m = online();
    m.card(CARD, ACCEPTED);
    m.after(m.policy.authorizeTimeoutMs);
    expect(m.relay()).toBe(true);
  });
  test("Authorize timeout: unknown card rejected unless AllowOfflineTxForUnknownId", () => {
    const m = online();
    m.card(OTHER);
    m.after(m.policy.authorizeTimeoutMs);
    expect(m.relay()).toBe(false);
    const m2 = online({ allowOfflineTxForUnknownId: true });
    m2.card(OTHER);
    m2.after(m2.policy.authorizeTimeoutMs);
    expect(m2.relay()).toBe(true);
  });
  test("backend answers no idTagInfo (offline mid-request): offline rules decide", () => {
    const m = online();
    m.card(CARD, ACCEPTED);
    m.send({ type: "authorizeAnswer", reqId: m.reqId() });
    expect(m.relay()).toBe(true);
  });
  test("offline: listed card without LocalAuthorizeOffline is rejected", () => {
    const m = new Machine({ localAuthorizeOffline: false });
    m.boot("C");
    m.card(CARD, ACCEPTED);
    expect(m.relay()).toBe(false);
  });
  test("offline: unknown card with AllowOfflineTxForUnknownId is accepted", () => {
    const m = new Machine({ allowOfflineTxForUnknownId: true });
    m.boot("C");
    m.card(OTHER);
    expect(m.relay()).toBe(true);
  });
  test("tapping the same card while waiting for the backend cancels", () => {
    const m = online();
    m.card(OTHER);
    const req = m.reqId();
    m.card(OTHER);
    expect(m.state.pending).toBeUndefined();
    m.send({ type: "authorizeAnswer", reqId: req, info: ACCEPTED });
    expect(m.relay()).toBe(false);
    expect(m.status()).toBe("Preparing");
  });
  test("another card while a decision is pending is ignored", () => {
    const m = online();
    m.card(OTHER);
    m.card(CARD, ACCEPTED);
    expect(m.kinds()).toEqual([]);
    expect(m.state.pending!.idTag).toBe(OTHER);
  });
  test("idTags compare case-insensitively (remote-started lowercase tag stopped by the card)", () => {
    const m = new Machine({ authorizeRemoteTxRequests: false });
    m.boot("C", true);
    m.send({ type: "remoteStart", idTag: "04a1b2c3" });
    expect(m.relay()).toBe(true);
    m.card(CARD);
    expect(m.relay()).toBe(false);
    expect(m.state.lastStop!.reason).toBe("Local");
  });
});

describe("stop by another card needs its group: asked when unknown", () => {
  test("unknown card during a session: Authorize, stop if same parent", () => {
    const m = online({ localPreAuthorize: true });
    m.card(CARD, accepted("FAMILY"));
    expect(m.relay()).toBe(true);
    m.card(OTHER);
    expect(m.kinds()).toEqual(["authorize"]);
    expect(m.relay()).toBe(true);
    m.send({ type: "authorizeAnswer", reqId: m.reqId(), info: accepted("FAMILY") });
    expect(m.relay()).toBe(false);
    expect(m.state.lastStop!.reason).toBe("Local");
  });
  test("unknown card during a session offline: no stop", () => {
    const m = new Machine();
    m.boot("C");
    m.card(CARD, accepted("FAMILY"));
    m.card(OTHER);
    expect(m.relay()).toBe(true);
    expect(m.light()).toBe("red/flash");
  });
  test("a blocked card of the same group does not stop", () => {
    const m = new Machine();
    m.boot("C");
    m.card(CARD, accepted("FAMILY"));
    m.card(OTHER, { status: "Blocked", parentIdTag: "FAMILY" });
    expect(m.relay()).toBe(true);
  });
  test("the group learnt from StartTransaction.conf counts", () => {
    const m = new Machine();
    m.boot("C");
    m.card(CARD, ACCEPTED);
    m.send({ type: "txAnswer", ref: 1, transactionId: 3, info: accepted("FLEET") });
    m.card(OTHER, accepted("FLEET"));
    expect(m.relay()).toBe(false);
  });
});

describe("remote start", () => {
  test("AuthorizeRemoteTxRequests false: starts at once (waits for the vehicle)", () => {
    const m = new Machine({ authorizeRemoteTxRequests: false });
    m.boot("A", true);
    m.send({ type: "remoteStart", idTag: "APPUSER" });
    expect(m.lastReply).toBe("Accepted");
    expect(m.status()).toBe("Preparing");
    m.vehicle("C");
    expect(m.relay()).toBe(true);
    expect(m.state.tx!.idTag).toBe("APPUSER");
  });
  test("AuthorizeRemoteTxRequests true: like a local start (asks the backend)", () => {
    const m = online();
    m.send({ type: "remoteStart", idTag: "APPUSER" });
    expect(m.lastReply).toBe("Accepted");
    expect(m.kinds()).toEqual(["authorize"]);
  });
  test("rejected while a transaction runs, when faulted or unavailable", () => {
    const m = new Machine({ authorizeRemoteTxRequests: false });
    m.boot("C", true);
    m.send({ type: "remoteStart", idTag: "A" });
    m.send({ type: "remoteStart", idTag: "B" });
    expect(m.lastReply).toBe("Rejected");
    const f = new Machine({ authorizeRemoteTxRequests: false });
    f.boot("A", true);
    f.send({ type: "weld" });
    f.send({ type: "remoteStart", idTag: "A" });
    expect(f.lastReply).toBe("Rejected");
    const u = new Machine({ authorizeRemoteTxRequests: false });
    u.boot("A", true);
    u.send({ type: "availability", operative: false });
    u.send({ type: "remoteStart", idTag: "A" });
    expect(u.lastReply).toBe("Rejected");
  });
});

describe("unknown-card lockout", () => {
  test("after UnknownCardLockout unknown taps within a minute, unknown cards are ignored for a minute", () => {
    const m = online({ unknownCardLockout: 3 });
    for (let i = 0; i < 3; i++) {
      m.card("AA00000" + i);
      expect(m.kinds()).toEqual(["authorize"]);
      m.send({ type: "authorizeAnswer", reqId: m.reqId(), info: { status: "Invalid" } });
      m.after(1000);
    }
    m.card("AA000009");
    expect(m.kinds()).toEqual([]);
    expect(m.state.pending).toBeUndefined();
    // listed cards still work
    m.card(CARD, ACCEPTED);
    expect(m.kinds()).toEqual(["authorize"]);
    m.send({ type: "authorizeAnswer", reqId: m.reqId(), info: ACCEPTED });
    expect(m.relay()).toBe(true);
  });
  test("the lockout ends after a minute", () => {
    const m = online({ unknownCardLockout: 2 });
    m.card("AA000001"); m.card("AA000001");
    m.card("AA000002"); m.card("AA000002");
    m.after(59000);
    m.card("AA000003");
    expect(m.kinds()).toEqual([]);
    m.after(1000);
    m.card("AA000003");
    expect(m.kinds()).toEqual(["authorize"]);
  });
  test("taps spread over more than a minute do not lock", () => {
    const m = online({ unknownCardLockout: 2 });
    m.card("AA000001"); m.card("AA000001");
    m.after(61000);
    m.card("AA000002");
    expect(m.kinds()).toEqual(["authorize"]);
  });
  test("UnknownCardLockout 0 disables the lockout", () => {
    const m = online({ unknownCardLockout: 0 });
    for (let i = 0; i < 20; i++) { m.card("AB" + i); m.card("AB" + i); }
    m.card("AC000001");
    expect(m.kinds()).toEqual(["authorize"]);
  });
});

describe("weld latch", () => {
  function welded(): Machine {
    const m = new Machine();
    m.boot("A");
    m.send({ type: "feedback", closed: true });
    m.send({ type: "weld" });
    return m;
  }
  test("a service card does not clear it while the contact still reads closed", () => {
    const m = welded();
    m.card(OTHER, accepted("SERVICE"));
    expect(m.state.weldLatched).toBe(true);
    expect(m.status()).toBe("Faulted");
  });
  test("feedback open alone does not clear it", () => {
    const m = welded();
    m.send({ type: "feedback", closed: false });
    m.after(60000);
    expect(m.state.weldLatched).toBe(true);
  });
  test("an ordinary card does not clear it", () => {
    const m = welded();
    m.send({ type: "feedback", closed: false });
    m.card(CARD, ACCEPTED);
    expect(m.state.weldLatched).toBe(true);
  });
  test("feedback open + service card clears it", () => {
    const m = welded();
    m.send({ type: "feedback", closed: false });
    m.card(OTHER, accepted("SERVICE"));
    expect(m.state.weldLatched).toBe(false);
    expect(m.status()).toBe("Available");
    expect(m.light()).toBe("green/flash");
  });
  test("an unknown service card is asked for online", () => {
    const m = welded();
    m.send({ type: "online", online: true });
    m.send({ type: "feedback", closed: false });
    m.card(OTHER);
    expect(m.kinds()).toEqual(["authorize"]);
    m.send({ type: "authorizeAnswer", reqId: m.reqId(), info: accepted("SERVICE") });
    expect(m.state.weldLatched).toBe(false);
  });
  test("a backend reset clears it", () => {
    const m = welded();
    m.send({ type: "reset", hard: false });
    expect(m.state.weldLatched).toBe(false);
    expect(m.kinds()).toEqual(["reboot"]);
  });
});

describe("boot with a persisted session", () => {
  const tx = { ref: 4, idTag: CARD, meterStart: 100, deauthorized: false };
  function rec(extra: any): any {
    return Object.assign({ v: 1, nextTxRef: 5, savedWh: 150, unavailable: false, weldLatched: false }, extra);
  }
  test("vehicle still plugged: the transaction continues (StartTransaction re-issued while its id is unknown)", () => {
    const m = new Machine();
    m.energyWh = 150;
    m.send({ type: "boot", record: rec({ tx: tx }), vehicle: "C", feedbackClosed: false });
    expect(m.kinds()).toEqual(["startTx"]);
    expect(m.relay()).toBe(true);
    expect(m.status()).toBe("Charging");
  });
  test("vehicle gone: the transaction ends with PowerLoss at the saved meter", () => {
    const m = new Machine();
    m.energyWh = 150;
    m.send({ type: "boot", record: rec({ tx: Object.assign({}, tx, { transactionId: 9 }) }), vehicle: "A", feedbackClosed: false });
    expect(m.kinds()).toEqual(["stopTx"]);
    const stop = m.effect("stopTx")!.tx;
    expect(stop.reason).toBe("PowerLoss");
    expect(stop.meterStop).toBe(150);
    expect(stop.transactionId).toBe(9);
  });
  test("a stopped transaction is re-issued (start if unconfirmed, then stop)", () => {
    const m = new Machine();
    const stopped = Object.assign({}, tx, { meterStop: 120, reason: "Local" });
    m.send({ type: "boot", record: rec({ lastStop: stopped }), vehicle: "A", feedbackClosed: false });
    expect(m.kinds()).toEqual(["startTx", "stopTx"]);
  });
  test("a StartTransaction answer that arrives while booting is applied once the record is read (Invalid: energy withheld)", () => {
    const m = new Machine({ stopOnInvalidId: false });
    m.send({ type: "txAnswer", ref: 4, transactionId: 77, info: { status: "Invalid" } });
    expect(m.relay()).toBe(false);
    m.send({ type: "boot", record: rec({ tx: tx }), vehicle: "C", feedbackClosed: false });
    expect(m.state.tx!.transactionId).toBe(77);
    expect(m.state.tx!.deauthorized).toBe(true);
    expect(m.relay()).toBe(false);
    expect(m.kinds()).toEqual(["remember"]);
  });
  test("an early Invalid answer with StopTransactionOnInvalidId stops the restored transaction (DeAuthorized)", () => {
    const m = new Machine({ stopOnInvalidId: true });
    m.send({ type: "txAnswer", ref: 4, transactionId: 77, info: { status: "Invalid" } });
    m.send({ type: "boot", record: rec({ tx: tx }), vehicle: "C", feedbackClosed: false });
    expect(m.state.tx).toBeUndefined();
    const stop = m.effect("stopTx")!.tx;
    expect(stop.reason).toBe("DeAuthorized");
    expect(stop.transactionId).toBe(77);
  });
  test("the latched weld and Unavailable survive a reboot", () => {
    const m = new Machine();
    m.send({ type: "boot", record: rec({ weldLatched: true }), vehicle: "A", feedbackClosed: false });
    expect(m.status()).toBe("Faulted");
    const u = new Machine();
    u.send({ type: "boot", record: rec({ unavailable: true }), vehicle: "A", feedbackClosed: false });
    expect(u.status()).toBe("Unavailable");
  });
  test("transaction refs keep increasing across reboots", () => {
    const m = new Machine();
    m.send({ type: "boot", record: rec({}), vehicle: "C", feedbackClosed: false });
    m.card(CARD, ACCEPTED);
    expect(m.effect("startTx")!.tx.ref).toBe(5);
  });
});

describe("meter values", () => {
  test("sampled every MeterValueSampleInterval during a transaction, with the register", () => {
    const m = new Machine({ meterSampleIntervalMs: 60000 });
    m.boot("C");
    m.energyWh = 1000.7;
    m.card(CARD, ACCEPTED);
    expect(m.effect("startTx")!.tx.meterStart).toBe(1000);
    m.energyWh = 1500.2;
    m.after(60000);
    expect(m.effect("meterValues")!.wh).toBe(1500);
    expect(m.state.savedWh).toBe(1500);
    m.energyWh = 1900;
    m.card(CARD, ACCEPTED);
    expect(m.effect("stopTx")!.tx.meterStop).toBe(1900);
  });
});
