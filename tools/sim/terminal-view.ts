// Node only. The `npm start` screen, drawn with ANSI escape codes (no dependency): the light as a
// colored block with its pattern, relay, pilot, OCPP status, backend link, list, last card and
// decision, reader, the preset cards with what to expect, the keys, and a scrolling event log.
// `renderScreen` is a pure function of a ViewModel, so it is tested without a terminal.
import { PresetCard } from "./preset-cards";

export interface ViewKey {
  key: string;
  label: string;
}

export interface ViewModel {
  chargePointId: string;
  /** "local Central System ws://..." or "external ws://...". */
  backend: string;
  simMs: number;
  flashFile: string;
  light: { rgb: number[]; label: string; whiteBlink: boolean };
  relay: { command: boolean; contact: boolean; welded: boolean };
  pilot: string;
  /** CHARGER.status(), or undefined with statusError. */
  status: any;
  statusError?: string;
  networkUp: boolean;
  /** The charger's WebSocket is open (seen on the link). */
  linkOpen: boolean;
  readerFaults: string[];
  cardsInField: string[];
  cards: PresetCard[];
  keys: ViewKey[];
  events: string[];
  /** A one-line message (e.g. what the last key did). */
  message: string;
  width: number;
  height: number;
}

export const ESC = "\x1b[";
export const RESET = ESC + "0m";
const BOLD = ESC + "1m";
const DIM = ESC + "2m";

const PILOT_TEXT: { [s: string]: string } = {
  A: "A  no vehicle",
  B: "B  vehicle connected",
  C: "C  vehicle asks for energy",
  D: "D  asks for energy, ventilation",
  E: "E  pilot short / no supply",
  F: "F  pilot fault",
};

/** Visible length of a string that may hold ANSI color codes. */
export function visibleLength(s: string): number {
  return s.replace(/\x1b\[[0-9;]*m/g, "").length;
}

/** Cuts to `width` visible characters (keeping escape codes), then pads with spaces. */
export function fit(s: string, width: number): string {
  let out = "";
  let seen = 0;
  for (let i = 0; i < s.length;) {
    if (s.charCodeAt(i) === 27) {
      const m = /^\x1b\[[0-9;]*m/.exec(s.substring(i));
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    if (seen >= width) break;
    out += s.charAt(i);
    seen++;
    i++;
  }
  return out + (seen < width ? " ".repeat(width - seen) : "") + RESET;
}

function clockText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(Math.floor(ms % 1000 / 100), 1)}`;
}

/** A block in the light's present color, at its present brightness (so a pulse breathes). */
function lightBlock(rgb: number[], width: number): string {
  const [r, g, b] = rgb.map((v) => Math.max(0, Math.min(255, Math.round((v || 0) * 255))));
  if (!r && !g && !b) return ESC + "48;2;30;30;30m" + " ".repeat(width) + RESET;
  return ESC + `48;2;${r};${g};${b}m` + " ".repeat(width) + RESET;
}

function onOff(v: boolean, on: string, off: string): string {
  return v ? BOLD + on + RESET : off;
}

function statusColor(status: string): string {
  if (status === "Faulted") return ESC + "31m" + BOLD + status + RESET;
  if (status === "Charging") return ESC + "34m" + BOLD + status + RESET;
  if (status === "Available") return ESC + "32m" + status + RESET;
  if (status === "Preparing") return ESC + "33m" + status + RESET;
  return BOLD + status + RESET;
}

function field(status: any, path: string): unknown {
  let v = status;
  for (const p of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[p];
  }
  return v;
}

function show(v: unknown, fallback = "-"): string {
  if (v === undefined || v === null || v === "") return fallback;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Pairs of columns: label + value, padded. */
function row(width: number, left: string, right = ""): string {
  const half = Math.max(40, Math.floor(width / 2));
  return fit(fit(left, half) + right, width);
}

export function renderScreen(vm: ViewModel): string[] {
  const w = Math.max(60, vm.width);
  const lines: string[] = [];
  const rule = (title = "") => lines.push(fit(DIM + (title ? "── " + title + " " : "") + "─".repeat(w) + RESET, w));
  const s = vm.status;

  lines.push(fit(`${BOLD}EV charger simulator${RESET}  ${vm.chargePointId}   sim ${clockText(vm.simMs)}   ${DIM}flash ${vm.flashFile}${RESET}`, w));
  lines.push(fit(`${DIM}backend: ${vm.backend}${RESET}`, w));
  rule();

  const lightLabel = vm.light.label + (vm.light.whiteBlink ? " + white blink (offline)" : "");
  const relayText = `commanded ${onOff(vm.relay.command, "CLOSED", "open")}, contact ${onOff(vm.relay.contact, "closed", "open")}` +
    (vm.relay.welded ? ESC + "31m  WELDED" + RESET : "");
  const noStatus = vm.statusError && vm.statusError.indexOf("no CHARGER") >= 0 ? "no CHARGER object in the firmware" : vm.statusError || "no status";
  const status = s ? statusColor(show(s.status)) + (s.errorCode && s.errorCode !== "NoError" ? ` (${s.errorCode})` : "") : ESC + "31m" + noStatus + RESET;
  const online = s && typeof s.online === "boolean"
    ? (s.online ? ESC + "32monline" + RESET : ESC + "33moffline" + RESET) : "-";
  const link = `${vm.networkUp ? "network up" : ESC + "33mnetwork DOWN" + RESET}, websocket ${vm.linkOpen ? "open" : "closed"}`;
  const list = field(s, "list") ? `v${show(field(s, "list.version"))}, ${show(field(s, "list.entries"))} entries` : "-";
  const card = show(field(s, "lastCard"), "none yet") + (field(s, "lastAuth") !== undefined ? "  ->  " + BOLD + show(field(s, "lastAuth")) + RESET : "");
  const readerState = field(s, "reader") ? `${show(field(s, "reader.version"))} ${show(field(s, "reader.health"))}` : "-";
  const faults = Array.isArray(field(s, "faults")) ? (field(s, "faults") as string[]) : [];
  const energy = typeof field(s, "energyWh") === "number" ? `${((field(s, "energyWh") as number) / 1000).toFixed(3)} kWh` : "-";

  const block = lightBlock(vm.light.rgb, 8);
  lines.push(row(w, `  ${block}  Light   ${BOLD}${lightLabel}${RESET}`, `Relay   ${relayText}`));
  lines.push(row(w, `  ${block}  Status  ${status}`, `Pilot   ${PILOT_TEXT[vm.pilot] || vm.pilot}`));
  lines.push(row(w, `  ${block}  Backend ${online}`, `Link    ${link}`));
  lines.push(row(w, `            List    ${list}`, `Queued  ${show(field(s, "queued"))}   Energy ${energy}`));
  lines.push(row(w, `            Card    ${card}`, `Reader  ${readerState}${vm.readerFaults.length ? ESC + "31m  [" + vm.readerFaults.join(", ") + "]" + RESET : ""}`));
  lines.push(row(w, `            Faults  ${faults.length ? ESC + "31m" + faults.join(", ") + RESET : "none"}`,
    `In field ${vm.cardsInField.length ? vm.cardsInField.join(", ") : "no card"}`));
  rule("cards (press the number to tap)");
  const cardText = (c: PresetCard) => `  ${BOLD}${c.key}${RESET} ${c.uid.padEnd(20)} ${c.label.padEnd(26)} ${DIM}-> ${c.expect}${RESET}`;
  if (vm.height >= 40 || w < 2 * 75) {
    for (const c of vm.cards) lines.push(fit(cardText(c), w));
  } else {
    const half = Math.ceil(vm.cards.length / 2);
    for (let i = 0; i < half; i++) {
      const b = vm.cards[i + half];
      lines.push(row(w, cardText(vm.cards[i] as PresetCard), b ? cardText(b) : ""));
    }
  }
  rule("keys");
  let keyLine = " ";
  for (const k of vm.keys) {
    const item = ` ${BOLD}${k.key}${RESET} ${k.label} `;
    if (visibleLength(keyLine) + visibleLength(item) > w) {
      lines.push(fit(keyLine, w));
      keyLine = " ";
    }
    keyLine += item;
  }
  lines.push(fit(keyLine, w));
  lines.push(fit(vm.message ? `  ${ESC}36m${vm.message}${RESET}` : "", w));
  rule("events");
  const room = Math.max(3, vm.height - lines.length);
  const events = vm.events.slice(-room);
  for (const e of events) lines.push(fit("  " + e, w));
  while (lines.length < vm.height) lines.push(fit("", w));
  return lines.slice(0, Math.max(vm.height, lines.length));
}

/** One status line for a terminal that cannot be redrawn (stdout not a TTY). */
export function statusLine(vm: ViewModel): string {
  const s = vm.status;
  const parts = [
    `light ${vm.light.label}`,
    `relay ${vm.relay.command ? "closed" : "open"}`,
    `pilot ${vm.pilot}`,
    `status ${show(field(s, "status"), vm.statusError ? "?" : "-")}`,
    `online ${show(field(s, "online"))}`,
    `list v${show(field(s, "list.version"))}`,
    `last ${show(field(s, "lastCard"), "none")} ${show(field(s, "lastAuth"), "")}`.trim(),
  ];
  return parts.join(" | ");
}

export const SCREEN_ENTER = "\x1b[?1049h\x1b[?25l";
export const SCREEN_LEAVE = "\x1b[?25h\x1b[?1049l";
export const HOME = "\x1b[H";
