// The scenario file contract of ../shared/PRODUCT.md: parsing and validation. Every unknown key,
// action or value is an error that names it (and the step), so a typo never silently passes.
import { Settings } from "../../firmware/config/settings";
import { SimStorage } from "../../hal/sim/storage";

export type LedColor = "green" | "yellow" | "blue" | "red" | "white" | "off";
export type LedPattern = "solid" | "pulse" | "flash" | "blink";
export const LED_COLORS: LedColor[] = ["green", "yellow", "blue", "red", "white", "off"];
export const LED_PATTERNS: LedPattern[] = ["solid", "pulse", "flash", "blink"];
export const STATUSES = ["Available", "Preparing", "Charging", "SuspendedEVSE", "SuspendedEV", "Finishing", "Reserved", "Unavailable", "Faulted"];
export const AUTH_STATUSES = ["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"];

export interface ListEntry { idTag: string; status: string; expiryDate?: string; parentIdTag?: string }
export interface AuthorizationData { idTag: string; idTagInfo?: { status: string; expiryDate?: string; parentIdTag?: string } }

export type Action =
  | { do: "plug" } | { do: "request" } | { do: "suspend" } | { do: "unplug" }
  | { do: "tap"; uid: string; holdMs: number }
  | { do: "tap-many"; uids: string[]; holdMs: number }
  | { do: "offline" } | { do: "online" } | { do: "power-cycle" }
  | { do: "remote-start"; idTag: string } | { do: "remote-stop" }
  | { do: "send-local-list"; listVersion: number; updateType: "Full" | "Differential"; entries: AuthorizationData[] }
  | { do: "set-config"; key: string; value: string }
  | { do: "reader-fault"; kind: "hang" | "noise" | "reset" }
  | { do: "weld"; stuck: boolean };

export interface Expectation {
  led?: { color: LedColor; pattern?: LedPattern };
  relay?: "open" | "closed";
  status?: string;
  online?: boolean;
  listVersion?: number;
  queued?: number;
  lastAuth?: string;
  sent?: string;
}

export type Step = { at: number; index: number } & ({ kind: "action"; action: Action } | { kind: "expect"; expect: Expectation; text: string });

export interface Scenario {
  name: string;
  config: { [key: string]: string };
  localList?: { listVersion: number; entries: ListEntry[] };
  backend: { online: boolean; idTags: { [idTag: string]: string } };
  steps: Step[];
}

class ScenarioError extends Error {}

function fail(where: string, msg: string): never {
  throw new ScenarioError(`${where}: ${msg}`);
}

function onlyKeys(obj: any, allowed: string[], where: string): void {
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) fail(where, "expected an object");
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(where, `unknown key "${k}" (allowed: ${allowed.join(", ")})`);
}

function str(v: any, where: string, max?: number): string {
  if (typeof v !== "string" || v.length === 0) fail(where, `expected a non-empty string, got ${JSON.stringify(v)}`);
  if (max !== undefined && v.length > max) fail(where, `longer than ${max} characters`);
  return v;
}

function int(v: any, where: string, min = 0): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) fail(where, `expected an integer >= ${min}, got ${JSON.stringify(v)}`);
  return v;
}

function bool(v: any, where: string): boolean {
  if (typeof v !== "boolean") fail(where, `expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

function oneOf<T extends string>(v: any, options: readonly T[], where: string): T {
  if (!options.includes(v)) fail(where, `expected one of ${options.join(", ")}, got ${JSON.stringify(v)}`);
  return v as T;
}

function hexUid(v: any, where: string): string {
  const s = str(v, where);
  if (!/^[0-9A-Fa-f]+$/.test(s) || ![8, 14, 20].includes(s.length)) fail(where, `expected a 4, 7 or 10-byte UID in hex (8, 14 or 20 digits), got "${s}"`);
  return s.toUpperCase();
}

function isoDate(v: any, where: string): string {
  const s = str(v, where);
  if (Number.isNaN(Date.parse(s))) fail(where, `expected an ISO 8601 date, got "${s}"`);
  return s;
}

function listEntry(e: any, where: string): ListEntry {
  onlyKeys(e, ["idTag", "status", "expiryDate", "parentIdTag"], where);
  const out: ListEntry = { idTag: str(e.idTag, `${where}.idTag`, 20), status: oneOf(e.status, AUTH_STATUSES, `${where}.status`) };
  if (e.expiryDate !== undefined) out.expiryDate = isoDate(e.expiryDate, `${where}.expiryDate`);
  if (e.parentIdTag !== undefined) out.parentIdTag = str(e.parentIdTag, `${where}.parentIdTag`, 20);
  return out;
}

function authorizationData(e: any, where: string): AuthorizationData {
  onlyKeys(e, ["idTag", "idTagInfo"], where);
  const out: AuthorizationData = { idTag: str(e.idTag, `${where}.idTag`, 20) };
  if (e.idTagInfo !== undefined) {
    onlyKeys(e.idTagInfo, ["status", "expiryDate", "parentIdTag"], `${where}.idTagInfo`);
    out.idTagInfo = { status: oneOf(e.idTagInfo.status, AUTH_STATUSES, `${where}.idTagInfo.status`) };
    if (e.idTagInfo.expiryDate !== undefined) out.idTagInfo.expiryDate = isoDate(e.idTagInfo.expiryDate, `${where}.idTagInfo.expiryDate`);
    if (e.idTagInfo.parentIdTag !== undefined) out.idTagInfo.parentIdTag = str(e.idTagInfo.parentIdTag, `${where}.idTagInfo.parentIdTag`, 20);
  }
  return out;
}

/** Checks a configuration key and value the way the charger will (ChangeConfiguration). */
function configValue(key: string, v: any, where: string): string {
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") fail(where, `expected a string, number or boolean, got ${JSON.stringify(v)}`);
  const text = String(v);
  const probe = new Settings(new SimStorage({ pages: 2 }));
  probe.load();
  if (!probe.has(key)) fail(where, `unknown configuration key "${key}"`);
  const result = probe.change(key, text);
  if (result !== "Accepted") fail(where, `the charger would answer ${result} to ${key}=${text}`);
  return text;
}

function action(s: any, where: string): Action {
  const d = s.do;
  const keys = (extra: string[]) => onlyKeys(s, ["at", "do", ...extra], where);
  switch (d) {
    case "plug": case "request": case "suspend": case "unplug": case "offline": case "online": case "power-cycle": case "remote-stop":
      keys([]);
      return { do: d } as Action;
    case "tap":
      keys(["uid", "holdMs"]);
      return { do: "tap", uid: hexUid(s.uid, `${where}.uid`), holdMs: s.holdMs === undefined ? 300 : int(s.holdMs, `${where}.holdMs`, 1) };
    case "tap-many":
      keys(["uids", "holdMs"]);
      if (!Array.isArray(s.uids) || s.uids.length < 1) fail(`${where}.uids`, "expected a non-empty array of hex UIDs");
      return { do: "tap-many", uids: s.uids.map((u: any, i: number) => hexUid(u, `${where}.uids[${i}]`)), holdMs: s.holdMs === undefined ? 300 : int(s.holdMs, `${where}.holdMs`, 1) };
    case "remote-start":
      keys(["idTag"]);
      return { do: "remote-start", idTag: str(s.idTag, `${where}.idTag`, 20) };
    case "send-local-list": {
      keys(["listVersion", "updateType", "entries"]);
      if (!Array.isArray(s.entries)) fail(`${where}.entries`, "expected an array of AuthorizationData");
      return {
        do: "send-local-list",
        listVersion: int(s.listVersion, `${where}.listVersion`, 0),
        updateType: oneOf(s.updateType, ["Full", "Differential"] as const, `${where}.updateType`),
        entries: s.entries.map((e: any, i: number) => authorizationData(e, `${where}.entries[${i}]`)),
      };
    }
    case "set-config": {
      keys(["key", "value"]);
      const key = str(s.key, `${where}.key`);
      return { do: "set-config", key, value: configValue(key, s.value, `${where}.value`) };
    }
    case "reader-fault":
      keys(["kind"]);
      return { do: "reader-fault", kind: oneOf(s.kind, ["hang", "noise", "reset"] as const, `${where}.kind`) };
    case "weld":
      keys(["stuck"]);
      return { do: "weld", stuck: s.stuck === undefined ? true : bool(s.stuck, `${where}.stuck`) };
    default:
      fail(`${where}.do`, `unknown action ${JSON.stringify(d)}`);
  }
}

function expectation(e: any, where: string): Expectation {
  onlyKeys(e, ["led", "relay", "status", "online", "listVersion", "queued", "lastAuth", "sent"], where);
  const out: Expectation = {};
  if (e.led !== undefined) {
    const [color, pattern, extra] = str(e.led, `${where}.led`).split("/");
    if (extra !== undefined) fail(`${where}.led`, `expected "color" or "color/pattern", got "${e.led}"`);
    out.led = { color: oneOf(color, LED_COLORS, `${where}.led`) };
    if (pattern !== undefined) out.led.pattern = oneOf(pattern, LED_PATTERNS, `${where}.led pattern`);
  }
  if (e.relay !== undefined) out.relay = oneOf(e.relay, ["open", "closed"] as const, `${where}.relay`);
  if (e.status !== undefined) out.status = oneOf(e.status, STATUSES, `${where}.status`);
  if (e.online !== undefined) out.online = bool(e.online, `${where}.online`);
  if (e.listVersion !== undefined) out.listVersion = int(e.listVersion, `${where}.listVersion`, -1);
  if (e.queued !== undefined) out.queued = int(e.queued, `${where}.queued`);
  if (e.lastAuth !== undefined) out.lastAuth = oneOf(e.lastAuth, [...AUTH_STATUSES, "None"], `${where}.lastAuth`);
  if (e.sent !== undefined) out.sent = str(e.sent, `${where}.sent`);
  if (Object.keys(out).length === 0) fail(where, "an expectation needs at least one of led, relay, status, online, listVersion, queued, lastAuth, sent");
  return out;
}

/** Parses and validates a scenario (already JSON-decoded). Throws an Error naming the first problem. */
export function parseScenario(raw: any, source = "scenario"): Scenario {
  onlyKeys(raw, ["name", "config", "localList", "backend", "steps"], source);
  const scenario: Scenario = {
    name: raw.name === undefined ? source : str(raw.name, `${source}.name`),
    config: {},
    backend: { online: true, idTags: {} },
    steps: [],
  };
  if (raw.config !== undefined) {
    onlyKeys(raw.config, Object.keys(raw.config), `${source}.config`);
    for (const key of Object.keys(raw.config)) scenario.config[key] = configValue(key, raw.config[key], `${source}.config.${key}`);
  }
  if (raw.localList !== undefined) {
    onlyKeys(raw.localList, ["listVersion", "entries"], `${source}.localList`);
    if (!Array.isArray(raw.localList.entries)) fail(`${source}.localList.entries`, "expected an array");
    scenario.localList = {
      listVersion: int(raw.localList.listVersion, `${source}.localList.listVersion`, 1),
      entries: raw.localList.entries.map((e: any, i: number) => listEntry(e, `${source}.localList.entries[${i}]`)),
    };
  }
  if (raw.backend !== undefined) {
    onlyKeys(raw.backend, ["online", "idTags"], `${source}.backend`);
    if (raw.backend.online !== undefined) scenario.backend.online = bool(raw.backend.online, `${source}.backend.online`);
    if (raw.backend.idTags !== undefined) {
      onlyKeys(raw.backend.idTags, Object.keys(raw.backend.idTags), `${source}.backend.idTags`);
      for (const tag of Object.keys(raw.backend.idTags)) {
        str(tag, `${source}.backend.idTags key`, 20);
        scenario.backend.idTags[tag] = oneOf(raw.backend.idTags[tag], AUTH_STATUSES, `${source}.backend.idTags.${tag}`);
      }
    }
  }
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) fail(`${source}.steps`, "expected a non-empty array of steps");
  let last = 0;
  raw.steps.forEach((s: any, i: number) => {
    const where = `${source}.steps[${i}]`;
    if (!s || typeof s !== "object" || Array.isArray(s)) fail(where, "expected an object");
    const at = int(s.at, `${where}.at`);
    if (at < last) fail(`${where}.at`, `${at} is before the previous step (${last}); steps run in order`);
    last = at;
    if (s.do !== undefined && s.expect !== undefined) fail(where, 'a step has either "do" or "expect", not both');
    if (s.expect !== undefined) {
      onlyKeys(s, ["at", "expect"], where);
      scenario.steps.push({ at, index: i, kind: "expect", expect: expectation(s.expect, `${where}.expect`), text: JSON.stringify(s.expect) });
    } else if (s.do !== undefined) {
      scenario.steps.push({ at, index: i, kind: "action", action: action(s, where) });
    } else {
      fail(where, 'a step needs "do" (an action) or "expect"');
    }
  });
  return scenario;
}

export { ScenarioError };
