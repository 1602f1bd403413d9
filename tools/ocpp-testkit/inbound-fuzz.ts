// Fuzzing of the charger's inbound OCPP-J path (Node-only; used by a jest test and by the
// `ocpp-fuzz` bench suite). Random, generated and mutated frames go into a real RpcEndpoint; an
// oracle written from OCPP-J 1.6 §4 and the official schemas (not from the firmware's code) says
// what must come out. A failure is: an exception escaping, a handler called for an invalid frame
// (or not called, or called with something else, for a valid one), a missing, extra or wrong
// CALLERROR, an answer to a response, or a wrong outcome for the outstanding outbound call.
import fc from "fast-check";
import { SimClock } from "../../hal/sim/clock";
import { CodedError } from "../../hal/coded-error";
import { RpcEndpoint } from "../../firmware/ocpp/rpc/rpc-endpoint";
import {
  CONFIRMATION_TYPES,
  confirmationType,
  isCentralSystemAction,
  REQUEST_TYPES,
  requestType,
} from "../../firmware/ocpp/schema/ocpp16-schemas";
import { MessageLink, MessageLinkListener } from "../../firmware/ocpp/transport/ws-link";
import { expectedViolationCodes, officialSchema, officialVerdict } from "./official-schemas";
import { objectOf } from "./schema-arbitrary";
import { seededRandom } from "./seeded-random";

class RecordingLink implements MessageLink {
  sent: string[] = [];
  listener!: MessageLinkListener;
  send(text: string): boolean {
    this.sent.push(text);
    return true;
  }
  isOpen(): boolean {
    return true;
  }
  setListener(l: MessageLinkListener): void {
    this.listener = l;
  }
}

export interface FuzzResult {
  frames: number;
  failures: number;
  /** The first few failures, for the report. */
  examples: string[];
  /** How the frames were classified by the oracle. */
  outcomes: Record<string, number>;
}

const HANDLED = Object.keys(REQUEST_TYPES);
const ACTIONS = [...HANDLED, "ReserveNow", "UpdateFirmware", "MakeCoffee", "", "constructor", "__proto__", "toString", "Reset ", "reset"];

/** Text mutations: flip, insert, delete, duplicate, truncate, splice in JSON-ish tokens. */
function mutate(text: string, rnd: () => number): string {
  const tokens = ['"', ",", "[", "]", "{", "}", ":", "null", "true", "-1", "1e999", "0.1", '"\\u0000"', '"\\ud800"', "\\", "2", "3", "4", " "];
  let s = text;
  const n = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rnd() * (s.length + 1));
    const op = Math.floor(rnd() * 6);
    if (op === 0) s = s.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 256)) + s.slice(at + 1);
    else if (op === 1) s = s.slice(0, at) + (tokens[Math.floor(rnd() * tokens.length)] as string) + s.slice(at);
    else if (op === 2) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 4));
    else if (op === 3) s = s.slice(0, at) + s.slice(Math.max(0, at - 8), at) + s.slice(at);
    else if (op === 4) s = s.slice(0, at);
    else s = s.slice(0, at) + (tokens[Math.floor(rnd() * tokens.length)] as string) + s.slice(at + 1);
  }
  return s;
}

/** What the oracle expects of one inbound frame. */
export type Expectation =
  | { kind: "callerror"; id: string; codes: Set<string> }
  | { kind: "handled"; id: string; action: string; payload: unknown }
  | { kind: "response"; id: string; frame: unknown[] }
  | { kind: "ignored" };

export function expectationFor(text: string): Expectation {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return { kind: "callerror", id: "-1", codes: new Set(["FormationViolation"]) };
  }
  if (!Array.isArray(m)) return { kind: "callerror", id: "-1", codes: new Set(["FormationViolation"]) };
  const [type, id] = m;
  const idOk = typeof id === "string" && id.length >= 1 && id.length <= 36;
  if (type === 3 || type === 4) {
    if (typeof id !== "string") return { kind: "ignored" };
    return { kind: "response", id, frame: m };
  }
  const echo = typeof id === "string" ? id : "-1";
  if (type !== 2 || !idOk) return { kind: "callerror", id: echo, codes: new Set(["FormationViolation"]) };
  if (m.length < 4) return { kind: "callerror", id, codes: new Set(["ProtocolError"]) };
  if (m.length > 4 || typeof m[2] !== "string" || m[2] === "") return { kind: "callerror", id, codes: new Set(["FormationViolation"]) };
  const action = m[2] as string;
  if (!HANDLED.includes(action)) return { kind: "callerror", id, codes: new Set([isCentralSystemAction(action) ? "NotSupported" : "NotImplemented"]) };
  if (officialVerdict(action + ".req", m[3]) !== undefined) return { kind: "callerror", id, codes: expectedViolationCodes(action + ".req", m[3]) };
  return { kind: "handled", id, action, payload: m[3] };
}

/** Where generated responses point: the charger's outstanding call, if any. */
export type ResponseTarget = () => { id: string; action: string } | undefined;

/**
 * The frame mix of the fuzz: valid and generated calls of every action (schema-conforming or not),
 * mutated calls, structural oddities, responses (to `target` or to nothing), mutated responses and
 * garbage. Deterministic for a given `rnd` and `seed`.
 */
export function frameSource(rnd: () => number, seed: number, target: ResponseTarget): () => string {
  const samplers: Record<string, fc.Arbitrary<Record<string, unknown>>> = {};
  for (const a of HANDLED) samplers[a + ".req"] = objectOf(officialSchema(a + ".req"), true);
  for (const a of Object.keys(CONFIRMATION_TYPES)) samplers[a + ".conf"] = objectOf(officialSchema(a + ".conf"), true);
  const quiet = new Map<string, fc.Arbitrary<Record<string, unknown>>>();
  for (const a of HANDLED) quiet.set(a, objectOf(officialSchema(a + ".req"), false));
  let fcSeed = seed;
  const sample = (arb: fc.Arbitrary<Record<string, unknown>>) => fc.sample(arb, { numRuns: 1, seed: fcSeed++ })[0];

  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const randomId = () => pick(["m1", "", "x".repeat(36), "x".repeat(37), String(Math.floor(rnd() * 1e6)), target() ? target()!.id : "q"]);
  const call = () => {
    const action = pick(ACTIONS);
    const payload = HANDLED.includes(action) ? sample(rnd() < 0.5 ? (quiet.get(action) as fc.Arbitrary<Record<string, unknown>>) : (samplers[action + ".req"] as fc.Arbitrary<Record<string, unknown>>)) : {};
    return JSON.stringify([2, randomId(), action, payload]);
  };
  const response = () => {
    const id = rnd() < 0.6 && target() ? target()!.id : randomId();
    if (rnd() < 0.7) {
      const action = rnd() < 0.7 && target() ? target()!.action : pick(Object.keys(CONFIRMATION_TYPES));
      return JSON.stringify([3, id, sample(samplers[action + ".conf"] as fc.Arbitrary<Record<string, unknown>>)]);
    }
    return JSON.stringify(pick([[4, id, "NotSupported", "no", {}], [4, id, 7, null], [4, id], [3, id], [3, id, {}, 1], [3, id, []]]));
  };
  const structural = () =>
    JSON.stringify(
      pick<unknown>([
        [2, randomId(), pick(ACTIONS)],
        [2, randomId(), pick(ACTIONS), {}, {}],
        [2, 1, "Reset", { type: "Soft" }],
        [2, null, "Reset", { type: "Soft" }],
        ["2", "m", "Reset", { type: "Soft" }],
        [2.5, "m", "Reset", { type: "Soft" }],
        [5, "m", "Reset", { type: "Soft" }],
        [2, "m", 5, {}],
        [2, "m", "Reset", null],
        [2, "m", "Reset", [{ type: "Soft" }]],
        [],
        [2],
        {},
        "text",
        42,
        null,
        [2, "m", "Reset", { type: "Soft", __proto__x: 1 }],
      ]),
    );
  const garbage = () => {
    const n = Math.floor(rnd() * 40);
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(rnd() < 0.8 ? 32 + Math.floor(rnd() * 95) : Math.floor(rnd() * 0x3000));
    return pick([s, "[".repeat(n * 50) + "]".repeat(n * 50), '{"__proto__":{"x":1}}', '[2,"m","Reset",{"__proto__":{"type":"Soft"}}]', "[2,\"m\",\"Reset\",{\"type\":\"Soft\"}]\u0000", "1e999", "[2,\"m\",\"RemoteStopTransaction\",{\"transactionId\":1e999}]"]);
  };

  return () => {
    const r = rnd();
    return r < 0.3 ? call() : r < 0.55 ? mutate(call(), rnd) : r < 0.7 ? structural() : r < 0.8 ? mutate(response(), rnd) : r < 0.92 ? response() : garbage();
  };
}

export function runInboundFuzz(frameCount: number, seed: number): FuzzResult {
  const rnd = seededRandom(seed);
  const clock = new SimClock();
  const link = new RecordingLink();
  const rpc = new RpcEndpoint(link, clock, { requestType, confirmationType, isKnownAction: isCentralSystemAction, random: rnd });
  const handled: { action: string; payload: unknown }[] = [];
  for (const action of HANDLED) {
    rpc.handle(action, (payload, reply) => {
      handled.push({ action, payload });
      reply.ok({ status: "Accepted" });
    });
  }

  // One outbound call is kept outstanding so that responses can match it.
  const outbound = ["Heartbeat", "BootNotification", "Authorize", "StartTransaction", "DataTransfer"];
  let outstanding: { id: string; action: string } | undefined;
  let outcome: { err?: string; payload?: unknown } | undefined;
  const startCall = () => {
    const action = outbound[Math.floor(rnd() * outbound.length)] as string;
    outcome = undefined;
    rpc.call(action, {}, (err: CodedError | undefined, payload: unknown) => {
      outcome = err ? { err: err.code } : { payload };
    });
    clock.advance(0);
    const f = JSON.parse(link.sent.pop() as string);
    outstanding = { id: f[1], action };
  };
  startCall();

  const nextFrame = frameSource(rnd, seed, () => outstanding);

  const result: FuzzResult = { frames: 0, failures: 0, examples: [], outcomes: {} };
  const fail = (text: string, why: string) => {
    result.failures++;
    if (result.examples.length < 10) result.examples.push(why + " <- " + JSON.stringify(text.slice(0, 200)));
  };

  for (let i = 0; i < frameCount; i++) {
    const base = nextFrame();
    const exp = expectationFor(base);
    result.outcomes[exp.kind] = (result.outcomes[exp.kind] || 0) + 1;
    result.frames++;
    const sentBefore = link.sent.length;
    const handledBefore = handled.length;
    const wasOutstanding = outstanding;
    try {
      link.listener.onLinkMessage(base);
    } catch (e) {
      fail(base, "exception: " + (e as Error).message);
      continue;
    }
    const sent = link.sent.slice(sentBefore).map((t) => JSON.parse(t));
    link.sent.length = sentBefore;
    const newHandled = handled.slice(handledBefore);
    if (exp.kind === "handled") {
      if (newHandled.length !== 1 || newHandled[0]!.action !== exp.action || JSON.stringify(newHandled[0]!.payload) !== JSON.stringify(exp.payload)) {
        fail(base, "valid call not handled exactly once");
      } else if (sent.length !== 1 || sent[0][0] !== 3 || sent[0][1] !== exp.id) fail(base, "valid call not answered with its CALLRESULT");
      continue;
    }
    if (newHandled.length) fail(base, "handler called for an invalid frame");
    if (exp.kind === "callerror") {
      const e = sent[0];
      if (sent.length !== 1 || !e || e[0] !== 4 || e[1] !== exp.id || !exp.codes.has(e[2]) || typeof e[3] !== "string" || JSON.stringify(e[4]) !== "{}") {
        fail(base, `expected CALLERROR ${exp.id} ${[...exp.codes].join("|")}, sent ${JSON.stringify(sent)}`);
      }
      continue;
    }
    if (sent.length) fail(base, "answered a response or ignorable frame: " + JSON.stringify(sent));
    if (exp.kind === "response" && wasOutstanding && exp.id === wasOutstanding.id) {
      // The outstanding call must now be settled, with the right outcome.
      const f = exp.frame;
      let want: string;
      if (f[0] === 4) want = "err:" + (typeof f[2] === "string" && f[2] ? f[2] : "GenericError");
      else if (f.length !== 3 || typeof f[2] !== "object" || f[2] === null || Array.isArray(f[2])) want = "err:RPC_BAD_RESULT";
      else want = officialVerdict(wasOutstanding.action + ".conf", f[2]) === undefined ? "ok" : "err:RPC_BAD_RESULT";
      const got = !outcome ? "pending" : outcome.err ? "err:" + outcome.err : "ok";
      if (got !== want) fail(base, `outstanding ${wasOutstanding.action}: expected ${want}, got ${got}`);
      if (got !== "pending") startCall();
    } else if (outcome) fail(base, "outstanding call settled by a response with another id");
  }
  return result;
}
