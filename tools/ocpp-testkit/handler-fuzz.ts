// Fuzzing of the charger's inbound OCPP path with the real handlers registered (Node-only; used by
// a jest test and by the `ocpp-fuzz` bench suite). Frames from the same generator as
// inbound-fuzz.ts go over the simulated network into the whole OCPP side (WebSocket client, RPC,
// operations/*, the real Local List store, Settings and Authorization Cache on simulated flash; a
// fake session, or the whole charger with its real session). The oracle (OCPP-J 1.6 §4 and the
// official schemas, not the firmware's code):
// - an invalid frame gets the right CALLERROR (or nothing, for a response) and changes no state:
//   list version and entries, every configuration value, the cache, the session, a scheduled
//   availability change;
// - a valid call gets exactly one answer: a CALLRESULT that conforms to the action's official .conf
//   schema, or the one CALLERROR the charger documents for it (OccurenceConstraintViolation when
//   a SendLocalList or GetConfiguration exceeds SendLocalListMaxLength / GetConfigurationMaxKeys);
// - nothing throws out of the firmware.
import { SimClock } from "../../hal/sim/clock";
import { SimNetwork } from "../../hal/sim/socket";
import { FlashAuthorizationCache } from "../../firmware/auth-cache/flash-authorization-cache";
import { Settings } from "../../firmware/config/settings";
import { OcppChargerHandle, startOcppCharger } from "../../firmware/ocpp-charger";
import { ChargerUnit } from "../sim/charger-unit";
import { SimCharger } from "./sim-charger";
import { SimCentralSystem } from "./sim-central-system";
import { expectationFor, frameSource, FuzzResult } from "./inbound-fuzz";
import { officialVerdict } from "./official-schemas";
import { seededRandom } from "./seeded-random";

/** What the fuzz drives and watches: the Central System end, the clock, the charger's state. */
interface FuzzTarget {
  cs: SimCentralSystem;
  clock: SimClock;
  settings(): Settings;
  online(): boolean;
  /** Everything a frame could change: list, configuration, cache, session, scheduled availability. */
  fingerprint(): string;
  /** Simulated ms to let pass per frame. */
  stepMs: number;
  /** Valid actions not sent (a Reset of the real charger restarts it, after a delay). */
  skipActions: string[];
}

function listEntries(): any[] {
  const entries = [];
  for (let i = 0; i < 10; i++) entries.push({ idTag: "04A1B2C" + i, idTagInfo: { status: "Accepted" } });
  return entries;
}

/** The OCPP side with a fake session (every handler, Reset included). */
function fakeSessionTarget(seed: number): FuzzTarget {
  const c = new SimCharger({ latencyMs: 0, seed });
  c.runUntil(() => c.online(), "online");
  c.stack.backend.setEnergySource(() => 4321);
  c.callCharger("SendLocalList", { listVersion: 5, updateType: "Full", localAuthorizationList: listEntries() });
  c.cache.remember("CACHED01", { status: "Accepted" });
  return {
    cs: c.cs,
    clock: c.clock,
    settings: () => c.settings,
    online: () => c.online(),
    fingerprint: () => {
      const s = c.settings;
      return JSON.stringify([c.list.version(), c.list.count(), s.keys().map((k) => s.text(k)), s.text("AuthorizationKey"), c.cache.count(), c.session!.fingerprint(), c.stack.availability.scheduled()]);
    },
    stepMs: 1,
    skipActions: [],
  };
}

/** The whole charger (real session, reader, contactor) with its OCPP side; time stands still. */
function realChargerTarget(seed: number): FuzzTarget {
  const clock = new SimClock();
  const net = new SimNetwork(clock, 0);
  const cs = new SimCentralSystem(net, clock, "cs.local", 9000, { idTags: { "04A1B2C0": "Accepted" } });
  const unit = new ChargerUnit({
    clock,
    firmware: (board, reboot) =>
      startOcppCharger(board, {
        url: "ws://cs.local:9000/ocpp",
        chargePointId: "CP-FUZZ",
        boot: { chargePointVendor: "Acme", chargePointModel: "AC-1" },
        connector: net,
        reboot,
        random: seededRandom(seed),
      }),
  });
  const h = () => unit.charger as OcppChargerHandle;
  const end = clock.now() + 60_000;
  while (!(h().ocpp.client.isOnline() && h().session.snapshot().known) && clock.now() < end) clock.advance(10);
  unit.plug();
  clock.advance(1000);
  let done = false;
  cs.call("SendLocalList", { listVersion: 5, updateType: "Full", localAuthorizationList: listEntries() }, () => (done = true));
  while (!done && clock.now() < end) clock.advance(10);
  return {
    cs,
    clock,
    settings: () => h().settings,
    online: () => h().ocpp.client.isOnline(),
    fingerprint: () => {
      const c = h();
      const s = c.settings;
      return JSON.stringify([
        c.localList.version(),
        c.localList.count(),
        s.keys().map((k) => s.text(k)),
        s.text("AuthorizationKey"),
        (c.cache as FlashAuthorizationCache).count(),
        c.session.snapshot(),
        unit.relayClosed(),
        c.ocpp.availability.scheduled(),
      ]);
    },
    stepMs: 0,
    skipActions: ["Reset"],
  };
}

/** The CALLERROR a valid call may get instead of a CALLRESULT, if any. */
function documentedError(settings: Settings, action: string, payload: any): string | undefined {
  if (action === "SendLocalList" && (payload.localAuthorizationList || []).length > settings.int("SendLocalListMaxLength")) {
    return "OccurenceConstraintViolation";
  }
  if (action === "GetConfiguration" && (payload.key || []).length > settings.int("GetConfigurationMaxKeys")) return "OccurenceConstraintViolation";
  return undefined;
}

/**
 * `session`: "fake" drives the OCPP side with a fake session (every handler); "real" the whole
 * charger with its charging session (a vehicle plugged in; valid Resets are not sent).
 */
export function runHandlerFuzz(frameCount: number, seed: number, session?: "fake" | "real"): FuzzResult {
  const rnd = seededRandom(seed);
  const t = session === "real" ? realChargerTarget(seed) : fakeSessionTarget(seed);
  const c = { cs: t.cs };

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
    let text = nextFrame();
    let exp = expectationFor(text);
    while (exp.kind === "handled" && t.skipActions.includes(exp.action)) {
      text = nextFrame();
      exp = expectationFor(text);
    }
    result.outcomes[exp.kind] = (result.outcomes[exp.kind] || 0) + 1;
    result.frames++;
    const before = t.fingerprint();
    answers.length = 0;
    try {
      c.cs.sendRaw(text);
      t.clock.advance(t.stepMs);
    } catch (e) {
      fail(text, "exception: " + (e as Error).message);
      continue;
    }
    if (!c.cs.isConnected()) {
      fail(text, "the connection was lost");
      const until = t.clock.now() + 60_000;
      while (!t.online() && t.clock.now() < until) t.clock.advance(10);
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
      } else if (a[2] !== documentedError(t.settings(), exp.action, exp.payload)) fail(text, "undocumented CALLERROR for a valid call: " + JSON.stringify(a));
      continue;
    }
    const after = t.fingerprint();
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
