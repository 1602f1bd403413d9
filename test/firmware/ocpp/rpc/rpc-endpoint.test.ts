import { SimClock } from "../../../../hal/sim/clock";
import { RpcEndpoint } from "../../../../firmware/ocpp/rpc/rpc-endpoint";
import { confirmationType, isCentralSystemAction, requestType } from "../../../../firmware/ocpp/schema/ocpp16-schemas";
import { FakeLink } from "../../../support/fake-link";
import { seededRandom } from "../../../../tools/ocpp-testkit/seeded-random";

function setup(opts: { callTimeoutMs?: number; maxQueue?: number } = {}) {
  const clock = new SimClock();
  const link = new FakeLink();
  const logs: string[] = [];
  const rpc = new RpcEndpoint(link, clock, {
    requestType,
    confirmationType,
    isKnownAction: isCentralSystemAction,
    random: seededRandom(3),
    log: (l) => logs.push(l),
    ...opts,
  });
  const calls: { action: string; payload: unknown }[] = [];
  rpc.handle("GetLocalListVersion", (payload, reply) => {
    calls.push({ action: "GetLocalListVersion", payload });
    reply.ok({ listVersion: 7 });
  });
  rpc.handle("Reset", (payload, reply) => {
    calls.push({ action: "Reset", payload });
    reply.ok({ status: "Accepted" });
  });
  return { clock, link, rpc, logs, calls };
}

type Outcome = { err?: string; desc?: string; payload?: unknown };
function recorder() {
  const out: Outcome[] = [];
  const cb = (err: { code: string; message: string } | undefined, payload: unknown) =>
    out.push(err ? { err: err.code, desc: err.message } : { payload });
  return { out, cb };
}

const HB_CONF = { currentTime: "2024-05-01T10:00:00Z" };

describe("outbound calls", () => {
  test("CALL frames with unique ids; one outstanding at a time, the rest queued in order", () => {
    const { clock, link, rpc } = setup();
    const r = recorder();
    rpc.call("Heartbeat", {}, r.cb);
    rpc.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Available" }, r.cb);
    rpc.call("Heartbeat", {}, r.cb);
    expect(link.sent).toEqual([]); // never sent from inside call()
    clock.advance(0);
    let f = link.take();
    expect(f).toHaveLength(1);
    expect(f[0]).toEqual([2, expect.any(String), "Heartbeat", {}]);
    const id1 = f[0][1];
    link.deliver(JSON.stringify([3, id1, HB_CONF]));
    expect(r.out).toEqual([{ payload: HB_CONF }]);
    clock.advance(0);
    f = link.take();
    expect(f.map((x) => x[2])).toEqual(["StatusNotification"]);
    const id2 = f[0][1];
    expect(id2).not.toBe(id1);
    link.deliver(JSON.stringify([3, id2, {}]));
    clock.advance(0);
    const id3 = link.take()[0][1];
    expect(new Set([id1, id2, id3]).size).toBe(3);
    expect(rpc.pendingCalls()).toBe(1);
  });

  test("a call times out, the next one goes, and the late answer is ignored", () => {
    const { clock, link, rpc, logs } = setup({ callTimeoutMs: 5000 });
    const r = recorder();
    rpc.call("Heartbeat", {}, r.cb);
    rpc.call("Heartbeat", {}, r.cb);
    clock.advance(0);
    const late = link.take()[0][1];
    clock.advance(4999);
    expect(r.out).toEqual([]);
    clock.advance(1);
    expect(r.out).toEqual([{ err: "RPC_TIMEOUT", desc: expect.stringContaining("5000") }]);
    const next = link.take();
    expect(next).toHaveLength(1);
    link.deliver(JSON.stringify([3, late, HB_CONF]));
    expect(r.out).toHaveLength(1);
    expect(logs.join("\n")).toContain("matches no outstanding call");
    link.deliver(JSON.stringify([3, next[0][1], HB_CONF]));
    expect(r.out[1]).toEqual({ payload: HB_CONF });
  });

  test("responses with another id are ignored; the call keeps waiting", () => {
    const { clock, link, rpc } = setup();
    const r = recorder();
    rpc.call("Heartbeat", {}, r.cb);
    clock.advance(0);
    const id = link.take()[0][1];
    link.deliver(JSON.stringify([3, id + "x", HB_CONF]));
    link.deliver(JSON.stringify([4, "other", "GenericError", "", {}]));
    expect(r.out).toEqual([]);
    expect(link.sent).toEqual([]); // responses are never answered
    link.deliver(JSON.stringify([4, id, "NotSupported", "no heartbeat here", {}]));
    expect(r.out).toEqual([{ err: "NotSupported", desc: "no heartbeat here" }]);
  });

  test("a confirmation that breaks its schema fails the call", () => {
    const { clock, link, rpc } = setup();
    const r = recorder();
    rpc.call("BootNotification", { chargePointVendor: "V", chargePointModel: "M" }, r.cb);
    clock.advance(0);
    const id = link.take()[0][1];
    link.deliver(JSON.stringify([3, id, { status: "Accepted", currentTime: "2024-05-01T10:00:00Z", interval: "300" }]));
    expect(r.out).toEqual([{ err: "RPC_BAD_RESULT", desc: expect.stringContaining("TypeConstraintViolation interval") }]);
  });

  test("a malformed CALLRESULT for the outstanding call fails it at once", () => {
    const { clock, link, rpc } = setup();
    const r = recorder();
    rpc.call("Heartbeat", {}, r.cb);
    clock.advance(0);
    const id = link.take()[0][1];
    link.deliver(JSON.stringify([3, id, "not an object"]));
    expect(r.out).toEqual([{ err: "RPC_BAD_RESULT", desc: expect.any(String) }]);
    expect(link.sent).toEqual([]);
  });

  test("losing the link fails the outstanding and queued calls; calls while down fail asynchronously", () => {
    const { clock, link, rpc } = setup();
    const r = recorder();
    rpc.call("Heartbeat", {}, r.cb);
    rpc.call("Heartbeat", {}, r.cb);
    clock.advance(0);
    expect(link.take()).toHaveLength(1);
    link.down();
    expect(r.out).toEqual([{ err: "RPC_OFFLINE", desc: expect.any(String) }, { err: "RPC_OFFLINE", desc: expect.any(String) }]);
    rpc.call("Heartbeat", {}, r.cb);
    expect(r.out).toHaveLength(2);
    clock.advance(0);
    expect(r.out).toHaveLength(3);
    expect(r.out[2]?.err).toBe("RPC_OFFLINE");
    expect(link.sent).toEqual([]);
  });

  test("a full queue refuses more calls", () => {
    const { clock, rpc } = setup({ maxQueue: 2 });
    const r = recorder();
    for (let i = 0; i < 3; i++) rpc.call("Heartbeat", {}, r.cb);
    clock.advance(0);
    expect(r.out).toEqual([{ err: "RPC_QUEUE_FULL", desc: expect.any(String) }]);
  });

  test("a callback that throws does not break the endpoint", () => {
    const { clock, link, rpc, logs } = setup();
    rpc.call("Heartbeat", {}, () => {
      throw new Error("boom");
    });
    const r = recorder();
    rpc.call("Heartbeat", {}, r.cb);
    clock.advance(0);
    link.deliver(JSON.stringify([3, link.take()[0][1], HB_CONF]));
    clock.advance(0);
    link.deliver(JSON.stringify([3, link.take()[0][1], HB_CONF]));
    expect(r.out).toEqual([{ payload: HB_CONF }]);
    expect(logs.join("\n")).toContain("callback threw: boom");
  });
});

describe("inbound frames: every CALLERROR case, and no handler called", () => {
  const cases: [string, string, unknown[]][] = [
    ["not JSON", "[2,\"1\",", [4, "-1", "FormationViolation"]],
    ["JSON but not an array", '{"a":1}', [4, "-1", "FormationViolation"]],
    ["empty array", "[]", [4, "-1", "FormationViolation"]],
    ["message type 5", '[5,"m1","Reset",{}]', [4, "m1", "FormationViolation"]],
    ["message type as string", '["2","m1","Reset",{}]', [4, "m1", "FormationViolation"]],
    ["id not a string", '[2,17,"Reset",{"type":"Soft"}]', [4, "-1", "FormationViolation"]],
    ["id longer than 36", `[2,"${"x".repeat(37)}","Reset",{"type":"Soft"}]`, [4, "x".repeat(37), "FormationViolation"]],
    ["CALL without payload", '[2,"m1","Reset"]', [4, "m1", "ProtocolError"]],
    ["CALL with an extra element", '[2,"m1","Reset",{"type":"Soft"},1]', [4, "m1", "FormationViolation"]],
    ["action not a string", '[2,"m1",7,{}]', [4, "m1", "FormationViolation"]],
    ["unknown action", '[2,"m1","MakeCoffee",{}]', [4, "m1", "NotImplemented"]],
    ["prototype name as action", '[2,"m1","constructor",{}]', [4, "m1", "NotImplemented"]],
    ["OCPP action without a handler", '[2,"m1","ReserveNow",{}]', [4, "m1", "NotSupported"]],
    ["payload not an object", '[2,"m1","Reset",[]]', [4, "m1", "FormationViolation"]],
    ["payload with a wrong type", '[2,"m1","Reset",{"type":1}]', [4, "m1", "TypeConstraintViolation"]],
    ["payload with a bad enum value", '[2,"m1","Reset",{"type":"Medium"}]', [4, "m1", "PropertyConstraintViolation"]],
    ["payload missing a required field", '[2,"m1","Reset",{}]', [4, "m1", "OccurenceConstraintViolation"]],
    ["payload with an unknown field", '[2,"m1","Reset",{"type":"Soft","when":"now"}]', [4, "m1", "FormationViolation"]],
    ["payload for a property-less action", '[2,"m1","GetLocalListVersion",{"x":1}]', [4, "m1", "FormationViolation"]],
  ];
  test.each(cases)("%s", (_name, text, expected) => {
    const { link, calls } = setup();
    link.deliver(text);
    const sent = link.frames();
    expect(sent).toHaveLength(1);
    expect(sent[0].slice(0, 3)).toEqual(expected);
    expect(typeof sent[0][3]).toBe("string");
    expect(sent[0][4]).toEqual({});
    expect(calls).toEqual([]);
  });

  test.each([
    ["an unsolicited CALLRESULT", '[3,"zz",{}]'],
    ["an unsolicited CALLERROR", '[4,"zz","GenericError","",{}]'],
    ["a CALLRESULT without id", "[3,5,{}]"],
    ["a short CALLRESULT", '[3,"zz"]'],
  ])("%s is ignored, never answered", (_name, text) => {
    const { link, calls } = setup();
    link.deliver(text);
    expect(link.sent).toEqual([]);
    expect(calls).toEqual([]);
  });
});

describe("inbound calls that pass", () => {
  test("the handler gets the payload; its answer becomes the CALLRESULT", () => {
    const { link, calls } = setup();
    link.deliver('[2,"a1","GetLocalListVersion",{}]');
    link.deliver('[2,"a2","Reset",{"type":"Hard"}]');
    expect(calls).toEqual([
      { action: "GetLocalListVersion", payload: {} },
      { action: "Reset", payload: { type: "Hard" } },
    ]);
    expect(link.frames()).toEqual([
      [3, "a1", { listVersion: 7 }],
      [3, "a2", { status: "Accepted" }],
    ]);
  });

  test("answers may come later; a second answer is ignored; a handler may answer with a CALLERROR", () => {
    const { clock, link, rpc, logs } = setup();
    rpc.handle("ClearCache", (_p, reply) => {
      clock.after(2000, () => {
        reply.fail("NotSupported", "no cache");
        reply.ok({ status: "Accepted" });
      });
    });
    link.deliver('[2,"c1","ClearCache",{}]');
    expect(link.sent).toEqual([]);
    // A second CALL with the same id while the first is pending is refused.
    link.deliver('[2,"c1","ClearCache",{}]');
    expect(link.take()).toEqual([[4, "c1", "ProtocolError", expect.any(String), {}]]);
    clock.advance(2000);
    expect(link.frames()).toEqual([[4, "c1", "NotSupported", "no cache", {}]]);
    expect(logs.join("\n")).toContain("second answer");
  });

  test("an answer for a connection that has since dropped is not sent on the new one", () => {
    const { clock, link, rpc } = setup();
    rpc.handle("ClearCache", (_p, reply) => {
      clock.after(1000, () => reply.ok({ status: "Accepted" }));
    });
    link.deliver('[2,"c1","ClearCache",{}]');
    link.down();
    link.up();
    clock.advance(1000);
    expect(link.sent).toEqual([]);
  });

  test("a handler that throws is answered InternalError", () => {
    const { link, rpc } = setup();
    rpc.handle("ClearCache", () => {
      throw new Error("bug");
    });
    link.deliver('[2,"c1","ClearCache",{}]');
    expect(link.frames()).toEqual([[4, "c1", "InternalError", expect.any(String), {}]]);
  });

  test("an answer that cannot be encoded becomes InternalError; so does a request, for the caller", () => {
    const { clock, link, rpc } = setup();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    rpc.handle("ClearCache", (_p, reply) => reply.ok(cyclic));
    link.deliver('[2,"c1","ClearCache",{}]');
    expect(link.take()).toEqual([[4, "c1", "InternalError", expect.any(String), {}]]);
    const r = recorder();
    rpc.call("DataTransfer", cyclic, r.cb);
    rpc.call("Heartbeat", {}, r.cb);
    clock.advance(0);
    expect(r.out).toEqual([{ err: "RPC_BAD_REQUEST", desc: expect.any(String) }]);
    expect(link.frames().map((f) => f[2])).toEqual(["Heartbeat"]);
  });

  test("a handler can only be registered for an action with a payload type", () => {
    const { rpc } = setup();
    expect(() => rpc.handle("ReserveNow", () => {})).toThrow(expect.objectContaining({ code: "NO_SCHEMA" }));
  });
});
