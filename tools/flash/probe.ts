// Asking the unit what it holds and runs. The probe is one expression for `espruino -e`: it prints a
// marker and one JSON object with the interpreter's board and version, Storage figures, the size
// and CRC-32 (E.CRC32, the standard IEEE CRC) of `.bootcde` and `unit.json`, free memory, and
// whatever `CHARGER.status()` returns. The marker is assembled at run time ("FLASH"+"PROBE:"), so an
// echo of the expression (a device that is not an Espruino) never looks like an answer.
import { crc32 } from "../../firmware/persist/crc32";
import { deviceLines, findFailures, HINTS, outputLines, type Failure } from "./cli-output";
import type { CliResult } from "./espruino-cli";

export const PROBE_MARKER = "FLASHPROBE:";

export interface FileFingerprint {
  bytes: number;
  /** CRC-32 from E.CRC32, or null if the interpreter lacks it. */
  crc: number | null;
}

export interface ProbeReport {
  board?: string;
  espruino?: string;
  storage?: { free?: number; total?: number; trash?: number; files?: number };
  bootcde: FileFingerprint | null;
  unit: FileFingerprint | null;
  /** chargePointId in the unit's unit.json (no other field of it is read: it holds secrets). */
  id?: string;
  memory?: { free?: number; total?: number };
  /** Whether the firmware's CHARGER object exists (it does once the firmware has started). */
  charger: boolean;
  status?: unknown;
  statusError?: string;
  /** The FIRMWARE_VERSION global, for firmware that sets one. */
  firmware?: string;
}

/** Device-side JS (ES5, Espruino-safe, one line). `relock`: lock the console again afterwards. */
export function probeExpression(relock: boolean): string {
  const marker = `"${PROBE_MARKER.slice(0, 5)}"+"${PROBE_MARKER.slice(5)}"`;
  return "(function(){var S=require(\"Storage\"),r={board:process.env.BOARD,espruino:process.env.VERSION},t;" +
    "try{t=S.getStats();r.storage={free:t.freeBytes,total:t.totalBytes,trash:t.trashBytes,files:t.fileCount}}" +
    "catch(e){r.storage={free:S.getFree()}}" +
    "var f=function(n){var d=S.read(n);return d===undefined?null:{bytes:d.length,crc:E.CRC32?E.CRC32(d):null}};" +
    "r.bootcde=f(\".bootcde\");r.unit=f(\"unit.json\");" +
    "try{r.id=S.readJSON(\"unit.json\",1).chargePointId}catch(e){}" +
    "try{var m=process.memory();r.memory={free:m.free,total:m.total}}catch(e){}" +
    "var C=typeof CHARGER===\"undefined\"?undefined:CHARGER;r.charger=!!C;" +
    "if(C&&typeof C.status===\"function\"){try{r.status=C.status()}catch(e){r.statusError=\"\"+e}}" +
    "if(typeof FIRMWARE_VERSION!==\"undefined\")r.firmware=FIRMWARE_VERSION;" +
    `print(${marker}+JSON.stringify(r));` +
    (relock ? "E.lockConsole();" : "") +
    "})()";
}

/** The probe's report in a CLI run's device lines, or undefined if the unit never answered it. */
export function parseProbe(lines: string[]): ProbeReport | undefined {
  for (const line of lines) {
    const at = line.indexOf(PROBE_MARKER);
    if (at < 0) continue;
    try {
      const r = JSON.parse(line.slice(at + PROBE_MARKER.length));
      if (r && typeof r === "object") return r as ProbeReport;
    } catch {
      // a line cut short: keep looking
    }
  }
  return undefined;
}

/** What the unit should report for a file after it was written with `content` (8-bit string). */
export function fingerprint(content: string): FileFingerprint {
  const bytes = new Uint8Array(Buffer.from(content, "latin1"));
  return { bytes: bytes.length, crc: crc32(bytes, 0, bytes.length, 0) };
}

export function sameFile(found: FileFingerprint | null, expected: FileFingerprint): boolean {
  if (!found || found.bytes !== expected.bytes) return false;
  return found.crc === null || (found.crc >>> 0) === expected.crc;
}

/** "2v29" -> 229, "1v96" -> 196, "2v20.48" -> 220.048; NaN if not an Espruino version. */
export function espruinoVersionNumber(v: string | undefined): number {
  const m = /^(\d+)v(\d+)(?:\.(\d+))?/.exec(v || "");
  if (!m) return NaN;
  return parseInt(m[1] as string, 10) * 100 + parseInt(m[2] as string, 10) + (m[3] ? parseInt(m[3], 10) / 1000 : 0);
}

/** Storage's per-file cost on Espruino: a 32-byte header, data rounded up to 4 bytes. */
export function storageCost(bytes: number): number {
  return 32 + ((bytes + 3) & ~3);
}

export type ProbeOutcome = { report: ProbeReport } | { failure: Failure };

/**
 * The unit's report from a probe run, or why there is none: a failure the CLI output shows, no
 * connection, silence (wrong baud rate, or not an Espruino), or an answer that is not the report.
 */
export function readProbeRun(result: CliResult, port: string, step: string): ProbeOutcome {
  const lines = deviceLines(result.output);
  const report = parseProbe(lines);
  if (report) return { report };
  const problems = findFailures(result, port);
  if (problems.length) return { failure: problems[0] as Failure };
  const fail = (kind: Failure["kind"], message: string, evidence?: string) => ({ failure: { kind, message, hint: HINTS[kind], evidence } });
  if (!outputLines(result.output).some((l) => l === "Connected")) return fail("no-device", `could not connect to ${port} (${step})`);
  const said = lines.filter((l) => l.trim());
  if (!said.length) {
    return fail("wrong-baud", `connected to ${port} but nothing readable came back (${step}): wrong baud rate, not an Espruino, or the unit is busy`);
  }
  return fail("not-espruino", `${port} answered, but not with the probe's report (${step}): not an Espruino console?`, said[0]);
}
