// `npm run flash -- --status`: the unit's state as the probe found it. The figures issue 8 asks for
// are looked up in what CHARGER.status() returns (under the names below; the first that exists wins)
// and shown first, each checked; a firmware that does not report one is named as missing. Everything
// else the unit reports follows, so a newer firmware's extra fields show without a tool change.
import type { ProbeReport } from "./probe";

export interface RequiredField {
  label: string;
  /** Dotted paths into CHARGER.status(), in order of preference. */
  paths: string[];
}

export const REQUIRED_FIELDS: RequiredField[] = [
  { label: "firmware version", paths: ["firmware.version", "firmwareVersion", "firmware", "version"] },
  { label: "reader chip version", paths: ["reader.version", "reader.chipVersion", "reader.chip", "readerVersion"] },
  { label: "reader health", paths: ["reader.health", "reader.status", "readerHealth"] },
  { label: "list version", paths: ["list.version", "localList.version", "allowlist.version", "listVersion"] },
  { label: "list entries", paths: ["list.entries", "list.count", "localList.entries", "allowlist.entries", "listEntries"] },
  { label: "free storage", paths: ["storage.free", "freeStorage"] },
  { label: "queued messages", paths: ["queue.queued", "queue.length", "queue.count", "queued", "queuedMessages"] },
  { label: "faults", paths: ["faults", "fault"] },
];

export interface StatusRow {
  label: string;
  value: string;
  /** Where it came from: a CHARGER.status() path, or "interpreter" for what the probe read itself. */
  source: string;
}

export interface StatusSummary {
  rows: StatusRow[];
  missing: string[];
  /** Fields of CHARGER.status() not shown among the rows ("path: value"). */
  other: string[];
}

function lookup(obj: unknown, dotted: string): unknown {
  let v: any = obj;
  for (const part of dotted.split(".")) {
    if (v === null || typeof v !== "object" || !(part in v)) return undefined;
    v = v[part];
  }
  return v;
}

function show(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ") : "none";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Leaf fields of an object as `a.b.c` paths. */
function leaves(v: unknown, prefix: string, out: { path: string; value: unknown }[]): void {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const keys = Object.keys(v as object);
    if (!keys.length && prefix) out.push({ path: prefix, value: v });
    for (const k of keys) leaves((v as any)[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.push({ path: prefix, value: v });
  }
}

/** The firmware version the unit reports, from CHARGER.status() or the FIRMWARE_VERSION global. */
export function firmwareVersionOf(report: ProbeReport): string | undefined {
  for (const p of (REQUIRED_FIELDS[0] as RequiredField).paths) {
    const v = lookup(report.status, p);
    if (typeof v === "string" || typeof v === "number") return String(v);
  }
  return report.firmware;
}

export function summarizeStatus(report: ProbeReport): StatusSummary {
  const rows: StatusRow[] = [];
  const missing: string[] = [];
  const used = new Set<string>();
  for (const field of REQUIRED_FIELDS) {
    let found = false;
    for (const p of field.paths) {
      const v = lookup(report.status, p);
      if (v !== undefined) {
        rows.push({ label: field.label, value: show(v), source: p });
        if (v !== null && typeof v === "object" && !Array.isArray(v)) {
          const inner: { path: string; value: unknown }[] = [];
          leaves(v, p, inner);
          for (const i of inner) used.add(i.path);
        }
        used.add(p);
        found = true;
        break;
      }
    }
    if (found) continue;
    if (field.label === "firmware version" && report.firmware !== undefined) {
      rows.push({ label: field.label, value: report.firmware, source: "FIRMWARE_VERSION" });
    } else if (field.label === "free storage" && report.storage && typeof report.storage.free === "number") {
      rows.push({ label: field.label, value: `${report.storage.free} bytes`, source: "interpreter" });
    } else {
      missing.push(field.label);
    }
  }
  const all: { path: string; value: unknown }[] = [];
  leaves(report.status, "", all);
  const other = all.filter((f) => !used.has(f.path)).map((f) => `${f.path}: ${show(f.value)}`);
  return { rows, missing, other };
}

/** The --status printout (lines). */
export function formatStatus(report: ProbeReport, port: string): string[] {
  const out: string[] = [];
  const s = summarizeStatus(report);
  const pad = (t: string) => (t + " ".repeat(22)).slice(0, 22);
  out.push(`unit on ${port}: ${report.board || "unknown board"}, Espruino ${report.espruino || "?"}`);
  for (const r of s.rows) out.push(`  [x] ${pad(r.label)} ${r.value}`);
  for (const m of s.missing) out.push(`  [ ] ${pad(m)} not reported`);
  if (report.storage) {
    const st = report.storage;
    out.push(`      ${pad("storage")} ${st.free} bytes free` + (st.total ? ` of ${st.total}` : "") +
      (st.trash ? `, ${st.trash} in trash` : "") + (st.files !== undefined ? `, ${st.files} files` : ""));
  }
  if (report.memory) out.push(`      ${pad("memory")} ${report.memory.free} of ${report.memory.total} JsVars free`);
  out.push(`      ${pad("code (.bootcde)")} ${report.bootcde ? `${report.bootcde.bytes} bytes` : "none"}`);
  out.push(`      ${pad("settings (unit.json)")} ${report.unit ? `${report.unit.bytes} bytes` : "none"}`);
  const running = report.charger || report.firmware !== undefined;
  if (!running) {
    out.push("  the firmware is not running (no CHARGER object): no code stored, it crashed at boot, or it is older than the flash tool");
  } else if (report.statusError) {
    out.push(`  CHARGER.status() failed on the unit: ${report.statusError}`);
  } else if (report.status === undefined) {
    out.push("  this firmware has no CHARGER.status(): it predates status reporting");
  }
  if (s.missing.length && running) {
    out.push(`  missing: ${s.missing.join(", ")} (the firmware on the unit does not report ${s.missing.length === 1 ? "it" : "them"}; it is probably older than this tool)`);
  }
  if (s.other.length) {
    out.push("  also reported:");
    for (const o of s.other) out.push(`    ${o}`);
  }
  return out;
}
