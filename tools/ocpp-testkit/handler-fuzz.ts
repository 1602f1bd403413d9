// Fuzzing of the charger's inbound OCPP path with the real handlers registered (Node-only; used by
// a jest test and by the `ocpp-fuzz` bench suite). Frames from the same generator as
// inbound-fuzz.ts go over the simulated network into the whole OCPP side (WebSocket client, RPC,
// operations/*, the real Local List store, Settings and Authorization Cache on simulated flash, a
// fake session). The oracle (OCPP-J 1.6 §4 and the official schemas, not the firmware's code):
// - an invalid frame gets the right CALLERROR (or nothing, for a response) and changes no state:
//   list version and entries, every configuration value, the cache, the session, a scheduled
//   availability change;
// - a valid call gets exactly one answer: a CALLRESULT that conforms to the action's official .conf
//   schema, or the one CALLERROR the charger documents for it (OccurenceConstraintViolation when
//   a SendLocalList or GetConfiguration exceeds SendLocalListMaxLength / GetConfigurationMaxKeys);
// - nothing throws out of the firmware.
import { SimCharger } from "./sim-charger";
import { expectationFor, frameSource, FuzzResult } from "./inbound-fuzz";
import { officialVerdict } from "./official-schemas";
import { seededRandom } from "./seeded-random";

function fingerprint(c: SimCharger): string {
  const s = c.settings;
  return JSON.stringify([
    c.list.version(),
    c.list.count(),
    s.keys().map((k) => s.text(k)),
    s.text("AuthorizationKey"),
    c.cache.count(),
    c.session!.fingerprint(),
    c.stack.availability.scheduled(),
  ]);
}

/** The CALLERROR a valid call may get instead of a CALLRESULT, if any. */
function documentedError(c: SimCharger, action: string, payload: any): string | undefined {
  if (action === "SendLocalList" && (payload.localAuthorizationList || []).length > c.settings.int("SendLocalListMaxLength")) {
    return "OccurenceConstraintViolation";
  }
  if (action === "GetConfiguration" && (payload.key || []).length > c.settings.int("GetConfigurationMaxKeys")) return "OccurenceConstraintViolation";
  return undefined;
}

export function runHandlerFuzz(frameCount: number, seed: number): FuzzResult {
  const rnd = seededRandom(seed);
  const c = new SimCharger({ latencyMs: 0, seed });
  c.runUntil(() => c.online(), "online");
  c.stack.backend.setEnergySource(() => 4321);
  const entries = [];
  for (let i = 0; i < 10; i++) entries.push({ idTag: "04A1B2C" + i, idTagInfo: { status: "Accepted" } });
  c.callCharger("SendLocalList", { listVersion: 5, updateType: "Full", localAuthorizationList: entries });
  c.cache.remember("CACHED01", { status: "Accepted" });

  const answers: any[] = [];
  c.cs.intercept = (text) => {
    let m: any;
    try {
      m = JSON.parse(text);
    } catch {
      return false;
    }
    if (Array.isArray(m) && (m[0] === 3 || m[0] === 4) && !String(m[1]).startsWith("cs-")) {
      answers.push(m);
      return true;
    }
    return false;
  };
  const nextFrame = frameSource(rnd, seed, () => undefined);
  const result: FuzzResult = { frames: 0, failures: 0, examples: [], outcomes: {} };
  const fail = (text: string, why: string) => {
    result.failures++;
    if (result.examples.length < 10) result.examples.push(why + " <- " + JSON.stringify(text.slice(0, 200)));
  };

  for (let i = 0; i < frameCount; i++) {
    const text = nextFrame();
    const exp = expectationFor(text);
    result.outcomes[exp.kind] = (result.outcomes[exp.kind] || 0) + 1;
    result.frames++;
    const before = fingerprint(c);
    answers.length = 0;
    try {
      c.cs.sendRaw(text);
      c.clock.advance(1);
    } catch (e) {
      fail(text, "exception: " + (e as Error).message);
      continue;
    }
    if (!c.cs.isConnected()) {
      fail(text, "the connection was lost");
      c.runUntil(() => c.online(), "online again", 60_000);
      continue;
    }
    if (exp.kind === "handled") {
      const a = answers[0];
      if (answers.length !== 1 || a[1] !== exp.id) {
        fail(text, "valid call not answered exactly once: " + JSON.stringify(answers));
        continue;
      }
      if (a[0] === 3) {
        const v = officialVerdict(exp.action + ".conf", a[2]);
        if (v !== undefined) fail(text, `answer does not conform to ${exp.action}.conf (${v}): ${JSON.stringify(a)}`);
      } else if (a[2] !== documentedError(c, exp.action, exp.payload)) fail(text, "undocumented CALLERROR for a valid call: " + JSON.stringify(a));
      continue;
    }
    const after = fingerprint(c);
    if (after !== before) fail(text, `state changed by an invalid frame: ${before} -> ${after}`);
    if (exp.kind === "callerror") {
      const a = answers[0];
      if (answers.length !== 1 || a[0] !== 4 || a[1] !== exp.id || !exp.codes.has(a[2]) || typeof a[3] !== "string" || JSON.stringify(a[4]) !== "{}") {
        fail(text, `expected CALLERROR ${exp.id} ${[...exp.codes].join("|")}, got ${JSON.stringify(answers)}`);
      }
    } else if (answers.length) fail(text, "answered a response or ignorable frame: " + JSON.stringify(answers));
  }
  if (c.cs.invalid.length) {
    result.failures += c.cs.invalid.length;
    for (const x of c.cs.invalid.slice(0, 5)) result.examples.push("invalid message from the charger: " + x);
  }
  return result;
}
