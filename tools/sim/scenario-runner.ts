// Node only. Runs one scenario (the contract in ../shared/PRODUCT.md, parsed by scenario.ts) on the
// flashed bundle, headless and on simulated time:
// - before boot, the unit's flash gets unit.json (identity, backend URL), the scenario's `config`
//   keys and its `localList`, written with the firmware's own code (unit-flash.ts);
// - the local Central System (ocpp-rpc, strict) answers with `backend.idTags`, and for other cards
//   with what it has on file from the lists it gave the charger (the scenario's `localList`, the
//   lists of `send-local-list` steps), as a real one would; others Invalid. It pushes no list of its
//   own. With `backendUrl` the charger talks to that external system instead;
// - `backend.online` false: no Central System is reachable until an `online` step;
// - steps run in order at their `at` (simulated ms since boot). One line per expectation:
//   `PASS t=1600 {...}` or `FAIL t=1600 {...} expected {...} got {...}`, then `N passed, N failed`.
//
// How expectations are judged:
// - led: SimRgbLed.observe over a window ending at `at`, long enough to recognise the expected
//   pattern (LED_WINDOWS_MS below) and never reaching back before the last boot; the
//   observation's color (and pattern, if given) must match.
// - relay: the level the firmware drives the contactor coil to, read at the coil.
// - status, online, listVersion, queued, lastAuth: the firmware's CHARGER.status()
//   (status, online, list.version, queued, lastAuth).
// - sent: an OCPP CALL with that action went out of the charger since the previous expectation,
//   read off the network link (so it works with an external backend too). Expectations that share
//   an `at` share that window (each looks back to the last expectation at an earlier time).
// Actions the runner cannot perform (e.g. remote-start with no charger connected), uncaught errors
// in the firmware and charger messages the local Central System finds invalid (OCPP 1.6 JSON
// schemas, strict mode) are printed as FAIL lines and counted as failures.
//
// set-config: with the local Central System and the charger connected to it, the Central System
// sends ChangeConfiguration; otherwise (offline, external backend) the unit applies it locally,
// through the firmware's CHARGER.changeConfiguration(key, value), the same settings path.
import { DEFAULT_UNIT_CONFIG } from "../../firmware/config/default-unit";
import { UnitConfig } from "../../firmware/config/unit-config";
import { SimStorage } from "../../hal/sim/storage";
import { IdTagStatus, LocalCentralSystem } from "./central-system";
import { OcppFrame } from "./ocpp-tap";
import { Action, Expectation, Scenario, Step } from "./scenario";
import { SimUnit } from "./sim-unit";
import { writeConfig, writeLocalList, writeUnitFile } from "./unit-flash";

/** Window (ms, ending at `at`) over which the light is judged, by the pattern expected. */
export const LED_WINDOWS_MS: { [pattern: string]: number } = {
  // color only: one blink period, so a blinking light still shows its color
  color: 1000,
  off: 500,
  solid: 500,
  // two flash periods, one and a half blink periods, half a pulse period (a pulse is recognised
  // by its intermediate levels): short, so a flash that just ended does not blur the judgement
  flash: 400,
  blink: 1500,
  pulse: 1000,
};

/** The Central System's clock in scenarios: this instant at boot, then simulated time. */
export const SCENARIO_EPOCH_MS = Date.UTC(2026, 0, 15, 8, 0, 0);

/** The URL the simulated unit is flashed with when it talks to the local Central System. */
export const LOCAL_BACKEND_URL = "ws://central-system.sim:9000/ocpp";

/** How long (real ms) the runner waits for a Central System call to reach the charger. */
const CALL_DELIVERY_WAIT_MS = 1500;

export interface ScenarioRunOptions {
  /** The bundle (dist/firmware.js). */
  file: string;
  scenario: Scenario;
  /** An external Central System (ws:// or wss://); default: the local one. */
  backendUrl?: string;
  chargePointId?: string;
  /** Each output line (expectation results, summary; with verbose also the unit's log). */
  print: (line: string) => void;
  /** Also print the firmware's console and the OCPP traffic, with the simulated time. */
  verbose?: boolean;
  /** Pin map of the unit (default: the compiled-in one). */
  unit?: UnitConfig;
}

export interface ExpectationResult {
  at: number;
  ok: boolean;
  line: string;
}

export interface ScenarioResult {
  name: string;
  passed: number;
  failed: number;
  results: ExpectationResult[];
  /** The unit's log (console, OCPP traffic, actions), kept whether printed or not. */
  log: string[];
  simMs: number;
  realMs: number;
}

/**
 * The Central System's own log repeats every message the link already shows (the frames); keep
 * only what the link cannot see: chargers connecting and leaving, refusals, failures.
 */
export function centralSystemNews(line: string): boolean {
  return !/^\[cs\] (\S+ [A-Z][A-Za-z]+ [{\[]|-> |<- )/.test(line);
}

function tms(ms: number): string {
  return "t=" + Math.round(ms);
}

function describeFrame(f: OcppFrame): string {
  const arrow = f.dir === "out" ? "charger ->" : "-> charger";
  const kind = f.kind === "call" ? f.action : `${f.action} ${f.kind === "result" ? "answer" : "error"}`;
  return `ocpp ${arrow} ${kind} ${JSON.stringify(f.payload)}`;
}

/** Compares one expectation with the unit now; returns the mismatching keys' expected/got. */
export function judge(unit: SimUnit, expect: Expectation, sentSince: OcppFrame[]): { expected: any; got: any } {
  const expected: any = {};
  const got: any = {};
  const mismatch = (key: string, want: unknown, have: unknown) => {
    expected[key] = want;
    got[key] = have;
  };
  if (expect.led) {
    const want = expect.led;
    const windowMs = want.color === "off" ? LED_WINDOWS_MS.off as number : LED_WINDOWS_MS[want.pattern || "color"] as number;
    const seen = unit.led(windowMs);
    const used = Math.min(windowMs, Math.max(1, unit.clockMs - unit.lastBootAt()));
    const ok = want.color === "off" ? seen.color === "off" : seen.color === want.color && (!want.pattern || seen.pattern === want.pattern);
    if (!ok) mismatch("led", want.pattern ? `${want.color}/${want.pattern}` : want.color, `${seen.label} (over the last ${Math.round(used)} ms)`);
  }
  if (expect.relay) {
    const have = unit.relayCommand() ? "closed" : "open";
    if (have !== expect.relay) mismatch("relay", expect.relay, have);
  }
  const needsStatus = expect.status !== undefined || expect.online !== undefined || expect.listVersion !== undefined ||
    expect.queued !== undefined || expect.lastAuth !== undefined;
  if (needsStatus) {
    const report = unit.chargerStatus();
    const s = report.status;
    const field = (key: string, want: unknown, have: unknown) => {
      if (report.error !== undefined) mismatch(key, want, report.error);
      else if (have !== want) mismatch(key, want, have === undefined ? "(not reported by CHARGER.status())" : have);
    };
    if (expect.status !== undefined) field("status", expect.status, s && s.status);
    if (expect.online !== undefined) field("online", expect.online, s && s.online);
    if (expect.listVersion !== undefined) field("listVersion", expect.listVersion, s && s.list ? s.list.version : undefined);
    if (expect.queued !== undefined) field("queued", expect.queued, s && s.queued);
    if (expect.lastAuth !== undefined) field("lastAuth", expect.lastAuth, s && s.lastAuth);
  }
  if (expect.sent !== undefined) {
    const actions = sentSince.map((f) => f.action);
    if (actions.indexOf(expect.sent) < 0) mismatch("sent", expect.sent, actions.length ? `only ${unique(actions).join(", ")}` : "nothing");
  }
  return { expected, got };
}

function unique(xs: string[]): string[] {
  return xs.filter((x, i) => xs.indexOf(x) === i);
}

async function waitReal(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 1));
}

export async function runScenario(o: ScenarioRunOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const scenario = o.scenario;
  const log: string[] = [];
  const results: ExpectationResult[] = [];
  let passed = 0;
  let failed = 0;
  let unit: SimUnit | undefined;
  const now = () => (unit ? unit.clockMs : 0);
  const note = (line: string) => {
    const text = `  ${tms(now())} ${line}`;
    log.push(text);
    if (o.verbose) o.print(text);
  };
  const result = (at: number, ok: boolean, line: string) => {
    results.push({ at, ok, line });
    if (ok) passed++;
    else failed++;
    log.push(line);
    o.print(line);
  };

  const external = o.backendUrl !== undefined;
  const storage = new SimStorage();
  const unitConfig: UnitConfig = Object.assign({}, o.unit || DEFAULT_UNIT_CONFIG, {
    chargePointId: o.chargePointId || (o.unit || DEFAULT_UNIT_CONFIG).chargePointId,
    backendUrl: external ? o.backendUrl as string : LOCAL_BACKEND_URL,
  });
  writeUnitFile(storage, unitConfig);
  if (Object.keys(scenario.config).length) writeConfig(storage, scenario.config);
  if (scenario.localList) writeLocalList(storage, scenario.localList.listVersion, scenario.localList.entries);

  let cs: LocalCentralSystem | undefined;
  let csPort = 0;
  if (!external) {
    cs = new LocalCentralSystem({
      idTags: scenario.backend.idTags as { [idTag: string]: IdTagStatus },
      now: () => new Date(SCENARIO_EPOCH_MS + now()),
      log: (line) => {
        if (centralSystemNews(line)) note(line);
      },
    });
    if (scenario.localList) {
      cs.learnList("Full", scenario.localList.entries.map((e) => ({
        idTag: e.idTag,
        idTagInfo: { status: e.status as IdTagStatus, parentIdTag: e.parentIdTag },
      })));
    }
    const url = await cs.listen(0, "127.0.0.1");
    csPort = Number(new URL(url).port);
  }

  try {
    unit = new SimUnit({
      file: o.file,
      storage,
      route: external ? undefined : () => ({ host: "127.0.0.1", port: csPort }),
      online: scenario.backend.online,
      echo: (line) => note(`console: ${line}`),
      onUncaught: (u) => result(u.atMs, false, `FAIL ${tms(u.atMs)} uncaught error in the firmware (${u.where}): ${u.line}`),
    });
    const live = unit;
    live.link.onFrame = (f) => note(describeFrame(f));
    live.link.onNote = (n) => note(`link #${n.connection}: ${n.text}`);
    // `sent` window: from the end of the previous group of expectations (those sharing an `at`)
    let framesJudged = 0;
    let windowStart = 0;
    let windowAt = -1;

    const perform = async (step: Step & { kind: "action" }) => {
      const a: Action = step.action;
      const fail = (why: string) => result(step.at, false, `FAIL ${tms(step.at)} ${JSON.stringify(Object.assign({ do: a.do }, rest(a)))} could not be done: ${why}`);
      note(`do ${JSON.stringify(Object.assign({ do: a.do }, rest(a)))}`);
      const csCall = async (what: () => Promise<unknown>) => {
        if (!cs) return fail("needs the local Central System (not available with --backend)");
        if (cs.connected().length === 0) return fail("no charger is connected to the Central System");
        const before = live.link.frames.length;
        what().then(
          (answer) => note(`central system: ${a.do} answered ${JSON.stringify(answer)}`),
          (e: Error) => note(`central system: ${a.do} failed: ${e.message}`),
        );
        await waitReal(() => live.link.frames.slice(before).some((f) => f.dir === "in" && f.kind === "call"), CALL_DELIVERY_WAIT_MS);
        await live.runner.settle();
      };
      switch (a.do) {
        case "plug": live.plug(); break;
        case "request": live.request(); break;
        case "suspend": live.suspend(); break;
        case "unplug": live.unplug(); break;
        case "tap": live.tap(a.uid, a.holdMs); break;
        case "tap-many": live.tapMany(a.uids, a.holdMs); break;
        case "offline": live.setOnline(false); break;
        case "online": live.setOnline(true); break;
        case "power-cycle": live.powerCycle(); break;
        case "reader-fault": live.readerFault(a.kind); break;
        case "weld": live.weld(a.stuck); break;
        case "remote-start": {
          const c = cs;
          await csCall(() => (c as LocalCentralSystem).remoteStart(a.idTag));
          break;
        }
        case "remote-stop": {
          const c = cs;
          if (c && c.lastTransactionId() === undefined) return fail("the Central System knows no transaction to stop");
          await csCall(() => (c as LocalCentralSystem).remoteStop());
          break;
        }
        case "send-local-list": {
          const c = cs;
          await csCall(() => (c as LocalCentralSystem).sendLocalList(a.listVersion, a.updateType, a.entries));
          break;
        }
        case "set-config": {
          if (cs && cs.connected().length > 0 && live.isNetworkOnline()) {
            const c = cs;
            await csCall(() => c.call("ChangeConfiguration", { key: a.key, value: a.value }));
          } else {
            try {
              const answer = live.changeConfigurationLocally(a.key, a.value);
              note(`set-config ${a.key}=${a.value} applied at the unit: ${answer}`);
              if (answer !== "Accepted" && answer !== "RebootRequired") fail(`the unit answered ${answer}`);
            } catch (e) {
              fail(`no Central System can send it, and the unit cannot take it locally: ${(e as Error).message}`);
            }
          }
          break;
        }
      }
    };

    // a message from the charger that breaks the OCPP 1.6 schemas (ocpp-rpc strict mode) is a failure
    let problemsSeen = 0;
    const reportProblems = () => {
      if (!cs) return;
      while (problemsSeen < cs.problems.length) {
        result(now(), false, `FAIL ${tms(now())} the Central System found a message that breaks OCPP 1.6: ${cs.problems[problemsSeen++]}`);
      }
    };
    for (const step of scenario.steps) {
      await live.advanceTo(step.at);
      reportProblems();
      if (step.kind === "action") {
        await perform(step);
        continue;
      }
      if (step.at !== windowAt) {
        windowAt = step.at;
        windowStart = framesJudged;
      }
      const sent = live.link.callsSentSince(windowStart);
      framesJudged = live.link.frames.length;
      const verdict = judge(live, step.expect, sent);
      if (Object.keys(verdict.expected).length === 0) result(step.at, true, `PASS ${tms(step.at)} ${step.text}`);
      else result(step.at, false, `FAIL ${tms(step.at)} ${step.text} expected ${JSON.stringify(verdict.expected)} got ${JSON.stringify(verdict.got)}`);
    }
    live.reportErrors();
    reportProblems();
  } finally {
    if (unit) unit.stop();
    if (cs) await cs.close();
  }
  const summary = `${passed} passed, ${failed} failed`;
  o.print(summary);
  return { name: scenario.name, passed, failed, results, log, simMs: now(), realMs: Date.now() - started };
}

function rest(a: Action): object {
  const copy: any = Object.assign({}, a);
  delete copy.do;
  return copy;
}
