// Contactor safety as properties over random event sequences on the simulated board (fast-check):
// plug/request/suspend/unplug/pilot faults, taps of listed, blocked, group, service and unknown
// cards, backend online/offline/slow/silent, remote start/stop, availability, power cycles,
// reader faults, weld on/off, configuration changes and time passing.
import fc from "fast-check";
import { ChargerUnit } from "../../tools/sim/charger-unit";
import { BackendLogEntry } from "../../tools/sim/fake-backend";

const LISTED = "04000001";
const BLOCKED = "04000002";
const GROUP = "04000003";
const SERVICE = "04000004";
const UNKNOWN_GOOD = "04000005";
const UNKNOWN_BAD = "04000006";
/** Authorize says Accepted, StartTransaction.conf says ConcurrentTx (energy must stop). */
const REFUSED_AT_START = "04000007";
const CARDS = [LISTED, BLOCKED, GROUP, SERVICE, UNKNOWN_GOOD, UNKNOWN_BAD, REFUSED_AT_START];
const OPEN_MS = 100;
const WELD_SETTLE_MS = 150;
/** A tap is read within a poll interval (100 ms) plus the reader's exchanges. */
const SERVICE_READ_MS = 1000;

type Cmd =
  | { k: "pilot"; s: "A" | "B" | "C" | "E" }
  | { k: "tap"; card: string }
  | { k: "online"; on: boolean }
  | { k: "authDelay"; v: number | "never" }
  | { k: "remoteStart"; card: string }
  | { k: "remoteStop" }
  | { k: "availability"; operative: boolean }
  | { k: "power" }
  | { k: "reader"; dead: boolean }
  | { k: "weld"; stuck: boolean }
  | { k: "reset"; hard: boolean }
  | { k: "config"; key: string; value: boolean }
  | { k: "wait"; ms: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant("pilot" as const), s: fc.constantFrom("A" as const, "B" as const, "C" as const, "C" as const, "E" as const) }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constant("tap" as const), card: fc.constantFrom(...CARDS) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("online" as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("authDelay" as const), v: fc.constantFrom<number | "never">(0, 300, 8000, "never") }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("remoteStart" as const), card: fc.constantFrom(...CARDS) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("remoteStop" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("availability" as const), operative: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("power" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("reader" as const), dead: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("weld" as const), stuck: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("reset" as const), hard: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("config" as const),
    key: fc.constantFrom("AuthorizationRequired", "StopTransactionOnEVSideDisconnect", "StopTransactionOnInvalidId", "LocalPreAuthorize"),
    value: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("wait" as const), ms: fc.integer({ min: 100, max: 40000 }) }) },
);

const stepArb = fc.record({ cmd: cmdArb, afterMs: fc.integer({ min: 0, max: 1500 }) });

const runArb = fc.record({
  allowOfflineUnknown: fc.boolean(),
  localAuthorizeOffline: fc.boolean(),
  authorizeRemote: fc.boolean(),
  stopOnInvalid: fc.boolean(),
  online: fc.boolean(),
  steps: fc.array(stepArb, { minLength: 5, maxLength: 30 }),
});

type Run = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

/** A piecewise-constant truth over time: value changes at given times. */
class Timeline<T> {
  points: { t: number; v: T }[] = [];
  constructor(initial: T) {
    this.points.push({ t: -Infinity, v: initial });
  }
  set(t: number, v: T): void {
    this.points.push({ t: t, v: v });
  }
  at(t: number): T {
    let v = this.points[0]!.v;
    for (const p of this.points) if (p.t <= t) v = p.v;
    return v;
  }
}

function check(run: Run): void {
  const unit = new ChargerUnit({
    localList: [
      { idTag: LISTED, status: "Accepted" },
      { idTag: BLOCKED, status: "Blocked" },
      { idTag: GROUP, status: "Accepted", parentIdTag: "FAMILY" },
      { idTag: SERVICE, status: "Accepted", parentIdTag: "SERVICE" },
    ],
    backend: {
      online: run.online,
      answers: { [LISTED]: "Accepted", [BLOCKED]: "Accepted", [GROUP]: "Accepted", [SERVICE]: "Accepted",
        [UNKNOWN_GOOD]: "Accepted", [UNKNOWN_BAD]: "Invalid", [REFUSED_AT_START]: "Accepted", FREEVEND: "Accepted" },
      startAnswers: { [REFUSED_AT_START]: "ConcurrentTx" },
    },
    config: {
      AllowOfflineTxForUnknownId: run.allowOfflineUnknown,
      LocalAuthorizeOffline: run.localAuthorizeOffline,
      AuthorizeRemoteTxRequests: run.authorizeRemote,
      StopTransactionOnInvalidId: run.stopOnInvalid,
      MeterValueSampleInterval: 0,
    },
  });
  const b = unit.backend;
  // A livelock (timers re-armed at the same instant forever) fails the run instead of hanging it.
  let timersThisStep = 0;
  const clock = unit.clock;
  const after = clock.after.bind(clock);
  clock.after = function (ms: number, fn: () => void) {
    if (++timersThisStep > 2_000_000) throw new Error("livelock: too many timers in one step at t=" + clock.now());
    return after(ms, fn);
  };
  // truth timelines, kept by the test from what it did
  const pilotC = new Timeline(false);
  const unavailable = new Timeline(false);
  const authRequired = new Timeline(true);
  const remoteAllowed: { [tag: string]: boolean } = {};
  const violations: string[] = [];
  const fail = (msg: string) => violations.push("t=" + unit.clock.now() + ": " + msg);

  function allowed(e: BackendLogEntry): boolean {
    const tag = e.idTag!;
    if (tag === "FREEVEND") return !authRequired.at(e.t);
    if (remoteAllowed[tag]) return true;
    if (tag === BLOCKED) return false;
    if (tag === UNKNOWN_BAD) return run.allowOfflineUnknown;
    return true;
  }

  /** The authorized transaction at t, from what the backend saw (started, not stopped, not refused). */
  function authorizedAt(t: number): boolean {
    const starts = b.log.filter((e) => e.kind === "start" && e.t <= t);
    if (starts.length === 0) return false;
    const last = starts[starts.length - 1]!;
    if (b.log.some((e) => e.kind === "stop" && e.ref === last.ref && e.t <= t)) return false;
    if (b.log.some((e) => e.kind === "startAnswer" && e.ref === last.ref && e.status !== "Accepted" && e.t <= t)) return false;
    return allowed(last);
  }

  function weldLatchedAt(t: number): boolean {
    let latched = false;
    for (const e of b.log) if (e.kind === "status" && e.t <= t) latched = e.errorCode === "PowerSwitchFailure";
    return latched;
  }

  // Rule: the relay closes only while the rules hold (checked at the closing instant, with the
  // firmware's own view that its state is known and no fault is latched).
  unit.onCoil = function (closed: boolean) {
    if (!closed) return;
    const t = unit.clock.now();
    const s = unit.charger.session.snapshot();
    if (!s.known) fail("relay closed before the state was known");
    if (s.weldLatched || s.internalFault) fail("relay closed with a fault latched");
    // The pilot is known through a debounce: it may have left C less than OPEN_MS ago (the relay
    // then opens within the same 100 ms budget, checked below).
    let recentC = pilotC.at(t);
    for (const p of pilotC.points) if (p.t > t - OPEN_MS && p.t <= t && p.v) recentC = true;
    if (pilotC.at(t - OPEN_MS)) recentC = true;
    if (!recentC || unavailable.at(t) || !authorizedAt(t)) {
      fail("relay closed while the rules do not hold (pilotC=" + pilotC.at(t) + " unavailable=" + unavailable.at(t) + " authorized=" + authorizedAt(t) + ")");
    }
  };

  let stuck = false;
  const stuckTL = new Timeline(false);
  const serviceTaps: number[] = [];
  const resets: number[] = [];
  for (const step of run.steps) {
    timersThisStep = 0;
    const c = step.cmd;
    const t0 = unit.clock.now();
    const stopsBefore = b.entries("stop").length;
    switch (c.k) {
      case "pilot":
        unit.setPilot(c.s);
        pilotC.set(t0, c.s === "C");
        break;
      case "tap":
        // a card in the reader's field (the reader reports it at its next poll); one at a time
        if (unit.isInField(c.card)) break;
        if (c.card === SERVICE) serviceTaps.push(t0);
        unit.tap(c.card);
        break;
      case "online":
        b.setOnline(c.on);
        break;
      case "authDelay":
        b.authorizeDelayMs = c.v;
        break;
      case "remoteStart": {
        // AuthorizeRemoteTxRequests false: the Central System vouches for the idTag (until StartTransaction.conf)
        const was = remoteAllowed[c.card];
        if (!run.authorizeRemote) remoteAllowed[c.card] = true;
        const r = unit.charger.session.remoteStart(c.card);
        if (r !== "Accepted" && !was) delete remoteAllowed[c.card];
        break;
      }
      case "remoteStop": {
        const tx = unit.charger.session.transaction();
        unit.charger.session.remoteStop(tx && tx.transactionId !== undefined ? tx.transactionId : 424242);
        break;
      }
      case "availability":
        unavailable.set(t0, !c.operative);
        if (unit.charger.session.changeAvailability(c.operative) !== "Accepted") unavailable.points.pop();
        break;
      case "power":
        unit.powerCycle();
        break;
      case "reader": {
        if (!c.dead) {
          unit.readerFault(false);
          break;
        }
        // a dead reader does not stop a running session (its health check notices within 2 s);
        // what the pilot did just before settles first
        unit.advance(200);
        const before = b.entries("stop").length;
        unit.readerFault(true);
        unit.advance(2500);
        const stops = b.entries("stop").slice(before).filter((e) => e.reason !== "DeAuthorized");
        if (stops.length) fail("a reader fault stopped the session (" + stops[0]!.reason + ")");
        break;
      }
      case "weld":
        unit.weld(c.stuck);
        stuck = c.stuck;
        stuckTL.set(t0, c.stuck);
        break;
      case "reset":
        resets.push(t0);
        unit.charger.session.reset(c.hard);
        break;
      case "config":
        if (c.key === "AuthorizationRequired") authRequired.set(t0, c.value);
        if (unit.charger.settings.change(c.key, String(c.value)) !== "Accepted") fail("config change refused");
        break;
      case "wait":
        unit.advance(c.ms);
        break;
    }
    unit.advance(step.afterMs + 1);

    // A welded contact (closed while the coil has been open past the drop-out time) is latched.
    const s = unit.charger.session.snapshot();
    const now = unit.clock.now();
    const last = unit.coil[unit.coil.length - 1]!;
    const coilOpenFor = last.closed ? 0 : now - last.t;
    const booted = now - unit.boots[unit.boots.length - 1]!;
    if (stuck && coilOpenFor >= WELD_SETTLE_MS && booted >= WELD_SETTLE_MS && !s.weldLatched) fail("welded contact not latched");

    // Nothing lost: the backend's open transaction is the charger's transaction.
    const starts = b.entries("start");
    const open = starts.length > 0 && !b.log.some((e) => e.kind === "stop" && e.ref === starts[starts.length - 1]!.ref)
      ? starts[starts.length - 1]!.ref : undefined;
    const mine = unit.charger.session.transaction();
    if (s.known && (mine ? mine.ref : undefined) !== open) fail("charger transaction " + (mine && mine.ref) + " but backend open " + open);
  }
  const end = unit.clock.now();

  // The weld latch (as reported: Faulted/PowerSwitchFailure) is set only by a weld, and cleared
  // only by a service card read while the contact is open again, or by a reset; a power cycle or a
  // watchdog reset keeps it.
  let latched = false;
  for (const e of b.log) {
    if (e.kind !== "status") continue;
    const nowLatched = e.errorCode === "PowerSwitchFailure";
    if (nowLatched && !latched) {
      let welded = stuckTL.at(e.t);
      for (const p of stuckTL.points) if (p.v && p.t > e.t - SERVICE_READ_MS && p.t <= e.t) welded = true;
      if (!welded) fail("weld latched at " + e.t + " without a welded contact");
    }
    if (!nowLatched && latched) {
      const tapped = serviceTaps.some((t) => t <= e.t && t > e.t - SERVICE_READ_MS);
      const reset = resets.some((t) => t <= e.t && t > e.t - SERVICE_READ_MS);
      if (!reset && !(tapped && !stuckTL.at(e.t))) fail("weld latch cleared at " + e.t + " without a service card on an open contact or a reset");
    }
    latched = nowLatched;
  }

  // After each boot the relay stays open until the state is known (first status report).
  for (const boot of unit.boots) {
    const known = b.log.find((e) => e.kind === "status" && e.t >= boot);
    const until = known ? known.t : end;
    if (unit.coil.some((e) => e.closed && e.t >= boot && e.t < until)) fail("relay closed after boot " + boot + " before the state was known");
  }

  // When a rule stops holding, the relay opens within 100 ms (and stays open while it fails).
  const times = new Set<number>([0]);
  for (const tl of [pilotC, unavailable, authRequired]) for (const p of tl.points) if (isFinite(p.t)) times.add(p.t);
  for (const e of b.log) times.add(e.t);
  const sorted = Array.from(times).filter((t) => t <= end).sort((x, y) => x - y);
  // closed stretches of the coil (an open and a close at the same instant leave nothing)
  const closedSegments: { from: number; to: number }[] = [];
  for (let k = 0; k < unit.coil.length; k++) {
    const e = unit.coil[k]!;
    if (!e.closed) continue;
    const to = k + 1 < unit.coil.length ? unit.coil[k + 1]!.t : end;
    if (to > e.t) closedSegments.push({ from: e.t, to: to });
  }
  // Each rule on its own: once it has stopped holding for OPEN_MS, the coil is open until it holds again.
  const rules: { name: string; holds: (t: number) => boolean }[] = [
    { name: "pilot C", holds: (t) => pilotC.at(t) },
    { name: "available", holds: (t) => !unavailable.at(t) },
    { name: "authorized", holds: (t) => authorizedAt(t) },
    { name: "no weld latched", holds: (t) => !weldLatchedAt(t) },
  ];
  for (const rule of rules) {
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i]!;
      if (rule.holds(a)) continue;
      let j = i + 1;
      while (j < sorted.length && !rule.holds(sorted[j]!)) j++;
      const bEnd = j < sorted.length ? sorted[j]! : end;
      const from = a + OPEN_MS;
      for (const seg of closedSegments) {
        if (from < bEnd && Math.max(seg.from, from) < Math.min(seg.to, bEnd)) {
          fail("relay closed " + seg.from + ".." + seg.to + " though '" + rule.name + "' failed from " + a + " to " + bEnd);
        }
      }
      i = j - 1;
    }
  }
  if (violations.length) {
    const backendLog = b.log.slice(-25).map((e) => e.t + " " + e.kind + " " + (e.ref || "") + " " + (e.idTag || "") + " " + (e.status || "") + " " + (e.errorCode || "") + " " + (e.reason || ""));
    throw new Error(violations.slice(0, 5).join("\n") + "\nfirmware log:\n" + unit.sim.logLines.slice(-20).join("\n") + "\nbackend log:\n" + backendLog.join("\n"));
  }
}

/** Found by this property: a StartTransaction answer (Invalid) that reached the session while it was
 *  still booting after a power cut was dropped, and the relay closed for a refused transaction. */
const REGRESSION_EARLY_START_ANSWER: Run = {"allowOfflineUnknown":true,"localAuthorizeOffline":false,"authorizeRemote":false,"stopOnInvalid":false,"online":false,"steps":[{"cmd":{"k":"pilot","s":"C"},"afterMs":0},{"cmd":{"k":"tap","card":"04000006"},"afterMs":103},{"cmd":{"k":"power"},"afterMs":0},{"cmd":{"k":"online","on":true},"afterMs":0},{"cmd":{"k":"weld","stuck":false},"afterMs":56},{"cmd":{"k":"pilot","s":"A"},"afterMs":0},{"cmd":{"k":"power"},"afterMs":0},{"cmd":{"k":"power"},"afterMs":0}]};

describe("contactor safety properties", () => {
  test("relay closed only while authorized + pilot C + no fault + available; opens within 100 ms; open after boot until known; weld latch rules; no transaction lost", () => {
    fc.assert(fc.property(runArb, (run) => {
      check(run);
    }), { numRuns: Number(process.env.SESSION_FUZZ_RUNS) || 300, examples: [[REGRESSION_EARLY_START_ANSWER]] });
  });
});
