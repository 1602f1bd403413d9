// npm run flash: check flash.config.json, build, upload with the espruino CLI, and ask the unit
// whether it worked. Also `--dry-run` (offline preview), `--status` (ask only), `--factory-reset`.
// Exit codes: 0 done, 1 the unit or the build failed, 2 the config or the command line is wrong
// (nothing was sent). See README "Flashing a unit".
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import type { UnitConfig } from "../../firmware/config/unit-config";
import { FIRMWARE_VERSION } from "../../firmware/version";
import { build, BuildError } from "../build/build";
import { HINTS, deviceLines, findFailures, outputLines, type Failure } from "./cli-output";
import { checkConfigText, readConfigFile } from "./config-file";
import { baseArgs, runEspruinoCli, type CliResult, type CliRunOptions } from "./espruino-cli";
import { confirmationQuestion, confirmed, eraseExpression, parseErased } from "./factory-reset";
import { parseOptions, USAGE, type FlashOptions } from "./options";
import { prepareExpression } from "./prepare";
import {
  espruinoVersionNumber, fingerprint, probeExpression, readProbeRun, sameFile, storageCost, type ProbeReport,
} from "./probe";
import { ProgressReporter, uploadBytes } from "./progress";
import { firmwareVersionOf, formatStatus } from "./status-report";
import { maskedUnitJson, UNIT_FILE, unitJson } from "./unit-json";

/** Oldest interpreter this firmware is known to run on (ES2015 classes, let/const, arrows; measured on 2v29). */
export const MIN_ESPRUINO = "2v20";
/** Storage.write on Espruino >= 1v96 (the chunked upload the CLI uses). */
const STORAGE_ESPRUINO = "1v96";

export interface FlashIo {
  out(line: string): void;
  err(line: string): void;
  /** Redraws the current terminal line ("\n" ends it). */
  draw(text: string): void;
  tty: boolean;
  /** Asks a question on the terminal; undefined when there is no one to ask. */
  ask(question: string): Promise<string | undefined>;
}

export interface FlashRun {
  argv: string[];
  /** Repository root: the config path is relative to it, and the build reads its sources. */
  root: string;
  io: FlashIo;
  /** Where the bundle and the preview go, relative to root (default "dist"). */
  outDir?: string;
  /** Extra `--config KEY=VALUE` for the upload (tests use STORAGE_UPLOAD_METHOD=1 to skip the per-chunk pause). */
  uploadConfig?: string[];
  /** Time limits in ms (defaults suit a real unit). */
  probeTimeoutMs?: number;
  uploadTimeoutMs?: (codeBytes: number) => number;
}

class FlashFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

function failure(kind: Failure["kind"], message: string, evidence?: string): FlashFailure {
  return new FlashFailure({ kind, message, hint: HINTS[kind], evidence });
}

interface Context {
  run: FlashRun;
  io: FlashIo;
  options: FlashOptions;
  config: UnitConfig;
  boardFile: string;
  outDir: string;
  unlockedOnce?: boolean;
}

function report(io: FlashIo, f: Failure): void {
  io.err(`flash: FAILED: ${f.message}`);
  if (f.evidence && f.evidence.trim() && !f.message.includes(f.evidence.trim())) io.err(`  unit/CLI said: ${f.evidence.trim()}`);
  io.err(`  what to do: ${f.hint}`);
}

function printCliOutput(io: FlashIo, result: CliResult): void {
  for (const line of outputLines(result.output)) if (line.trim()) io.out(`  | ${line}`);
}

/** Config file, with --port applied and checked like the rest. */
function loadConfig(run: FlashRun, options: FlashOptions): { ok: true; config: UnitConfig; boardFile: string } | { ok: false; problems: string[] } {
  const file = path.resolve(run.root, options.config);
  const result = readConfigFile(file);
  if (!result.ok || options.port === undefined) return result;
  const withPort = { ...result.config, port: options.port };
  const again = checkConfigText(JSON.stringify(withPort), `${options.config} with --port`);
  return again.ok ? again : { ok: false, problems: again.problems.map((p) => (p.startsWith("port:") ? p.replace(/^port:/, "--port:") : p)) };
}

async function buildFirmware(ctx: Context): Promise<string> {
  const out = ctx.outDir;
  await build({
    root: ctx.run.root,
    targets: [{ name: "firmware", entry: "firmware/main.ts", outfile: `${out}/firmware.js`, devOutfile: `${out}/firmware.dev.js`, required: true }],
    sizeFile: `${out}/size.json`,
    log: (line) => ctx.io.out(line),
  });
  return path.join(ctx.run.root, out, "firmware.js");
}

function withTempFile<T>(content: string, fn: (file: string) => Promise<T>): Promise<T> {
  // the settings carry secrets: a private folder, removed right after
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flash-unit-"));
  const file = path.join(dir, UNIT_FILE);
  fs.writeFileSync(file, content, { encoding: "latin1", mode: 0o600 });
  return fn(file).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

/** Writes what the upload sends (secrets in unit.json masked) with the CLI's offline -o mode. */
async function writePreview(ctx: Context, firmwareFile: string): Promise<string> {
  const preview = path.join(ctx.run.root, ctx.outDir, "upload-preview.js");
  const result = await withTempFile(maskedUnitJson(ctx.config), (unitFile) => runEspruinoCli([
    "--no-ble", "--board", ctx.boardFile, "--storage", `${UNIT_FILE}:${unitFile}`, "--storage", ".bootcde:-",
    firmwareFile, "-o", preview,
  ], { timeoutMs: 30000, cwd: ctx.run.root }));
  if (!fs.existsSync(preview) || result.exitCode !== 0) {
    printCliOutput(ctx.io, result);
    throw failure("cli-error", "the espruino CLI did not write the upload preview");
  }
  const problems = findFailures(result, "(offline)");
  if (problems.length) throw new FlashFailure(problems[0] as Failure);
  return preview;
}

/** Options every CLI run to the unit shares: the console password, if any, is typed at `password>`. */
function unitRun(ctx: Context, extra: Partial<CliRunOptions> & { timeoutMs: number }): CliRunOptions {
  return { cwd: ctx.run.root, consolePassword: ctx.config.consolePassword, ...extra };
}

/** A wrong console password shows in the hook's report; say so before anything else. */
function checkUnlock(ctx: Context, result: CliResult): void {
  if (result.unlock === "wrong-password") throw failure("console-locked", "the console password in the config is not the unit's (Invalid password)");
  if (result.unlock === "unlocked" && !ctx.unlockedOnce) {
    ctx.unlockedOnce = true;
    ctx.io.out(`flash: console unlocked on ${ctx.config.port}`);
  }
}

/** Runs the probe and returns the unit's report, or throws the most telling failure. */
async function probe(ctx: Context, relock: boolean, step: string): Promise<ProbeReport> {
  const port = ctx.config.port;
  const result = await runEspruinoCli([...baseArgs(port, ctx.config.baud, ctx.boardFile), "-e", probeExpression(relock)], unitRun(ctx, {
    timeoutMs: ctx.run.probeTimeoutMs ?? 20000,
    doneWhen: /FLASHPROBE:.*\n/,
    graceMs: 700,
  }));
  if (ctx.options.verbose) printCliOutput(ctx.io, result);
  checkUnlock(ctx, result);
  const outcome = readProbeRun(result, port, step);
  if ("failure" in outcome) throw new FlashFailure(outcome.failure);
  return outcome.report;
}

function checkInterpreter(ctx: Context, unit: ProbeReport): void {
  if (unit.board !== ctx.config.board) {
    throw failure("board-mismatch", `the unit is a ${unit.board || "board of unknown type"}, the config says ${ctx.config.board}`);
  }
  const v = espruinoVersionNumber(unit.espruino);
  if (!(v >= espruinoVersionNumber(STORAGE_ESPRUINO))) {
    throw failure("pre-1v96", `the unit runs Espruino ${unit.espruino || "(unknown version)"}, older than 1v96: no Storage to keep the code in`);
  }
  if (v < espruinoVersionNumber(MIN_ESPRUINO)) {
    throw failure("espruino-too-old", `the unit runs Espruino ${unit.espruino}; this firmware needs ${MIN_ESPRUINO} or newer`);
  }
}

function checkSpace(unit: ProbeReport, code: string, settings: string): void {
  const st = unit.storage || {};
  if (typeof st.free !== "number") return;
  // replaced files become trash, which Espruino compacts when it needs the room
  const available = st.free + (st.trash || 0) + (unit.bootcde ? storageCost(unit.bootcde.bytes) : 0) + (unit.unit ? storageCost(unit.unit.bytes) : 0);
  const needed = storageCost(code.length) + storageCost(settings.length);
  if (needed > available) {
    throw failure("out-of-space", `the unit has room for ${available} bytes, the firmware and settings need ${needed}; nothing was written`);
  }
}

/** Runs device-side JS with `espruino -e` and returns the unit's lines once `marker` shows. */
async function command(ctx: Context, expr: string, marker: RegExp, what: string, timeoutMs: number): Promise<string[]> {
  const result = await runEspruinoCli([...baseArgs(ctx.config.port, ctx.config.baud, ctx.boardFile), "-e", expr],
    unitRun(ctx, { timeoutMs, doneWhen: marker, graceMs: 500 }));
  if (ctx.options.verbose) printCliOutput(ctx.io, result);
  checkUnlock(ctx, result);
  const lines = deviceLines(result.output);
  if (!lines.some((l) => marker.test(l))) {
    const problems = findFailures(result, ctx.config.port);
    throw problems.length ? new FlashFailure(problems[0] as Failure) : failure("cli-error", `the unit did not confirm ${what}`);
  }
  return lines;
}

/** Asks for the go-ahead of --factory-reset; throws if not given. */
async function confirmFactoryReset(ctx: Context, unit: ProbeReport): Promise<void> {
  if (ctx.options.yes) return;
  const id = unit.id || ctx.config.chargePointId;
  const answer = await ctx.io.ask(confirmationQuestion(ctx.config.port, id));
  if (answer === undefined) throw failure("not-confirmed", "--factory-reset needs a confirmation: run it in a terminal, or add --yes in scripts; nothing was erased or flashed");
  if (!confirmed(answer, id)) throw failure("not-confirmed", `not confirmed (typed ${JSON.stringify(answer.trim())}, expected ${id}); nothing was erased or flashed`);
}

/** Watchdog to automatic (when code runs that may have enabled it), then the factory reset if asked. */
async function prepare(ctx: Context, unit: ProbeReport): Promise<void> {
  const parts: string[] = [];
  if (unit.bootcde) parts.push(prepareExpression());
  if (ctx.options.factoryReset) parts.push(eraseExpression());
  if (!parts.length) return;
  const marker = ctx.options.factoryReset ? /FLASHERASED:\d+/ : /FLASHREADY:1/;
  const lines = await command(ctx, parts.join("\n"), marker, ctx.options.factoryReset ? "the factory reset" : "it is ready", 60000);
  if (ctx.options.factoryReset) {
    const erased = parseErased(lines) as number;
    ctx.io.out(`flash: factory reset: ${erased} file${erased === 1 ? "" : "s"} erased (kept .bootcde and ${UNIT_FILE})`);
  }
}

/** Failures that say nothing reached the unit, or it cannot be talked to: no point asking it. */
const FATAL_UPLOAD: Failure["kind"][] = ["no-device", "port-permission", "port-busy", "timeout", "console-locked", "pre-1v96", "not-espruino", "wrong-baud", "cli-error"];

/** Uploads; returns what the unit reported on the way (an error while writing or at boot), which the verification then explains. */
async function upload(ctx: Context, firmwareFile: string, settings: string, total: number): Promise<Failure[]> {
  const progress = new ProgressReporter(total, ctx.io.tty, (t) => ctx.io.draw(t), (t) => ctx.io.out(t));
  const extra: string[] = [];
  for (const kv of ctx.run.uploadConfig || []) extra.push("--config", kv);
  const result = await withTempFile(settings, (unitFile) => runEspruinoCli([
    ...baseArgs(ctx.config.port, ctx.config.baud, ctx.boardFile),
    "--config", "SAVE_ON_SEND=1", ...extra,
    "--storage", `${UNIT_FILE}:${unitFile}`, firmwareFile,
  ], unitRun(ctx, {
    timeoutMs: (ctx.run.uploadTimeoutMs || ((n: number) => 60000 + n))(fs.statSync(firmwareFile).size),
    onBytesSent: (n) => progress.update(n),
    doneWhen: /Upload Complete/,
    graceMs: 2500,
  })));
  const problems = findFailures(result, ctx.config.port);
  progress.finish(problems.length === 0 && result.done, result.bytesSent);
  if (ctx.options.verbose) printCliOutput(ctx.io, result);
  checkUnlock(ctx, result);
  if (problems.length) {
    for (const l of deviceLines(result.output).filter((x) => /Uncaught|ERROR|error|MEMORY|Unable to/.test(x)).slice(0, 5)) ctx.io.err(`  | ${l}`);
  }
  // with a console password the new firmware locks the console as it boots, so the CLI's last empty
  // lines meet `password>`: expected. A lock that came earlier shows as code that did not arrive.
  const fatal = problems.find((p) => FATAL_UPLOAD.includes(p.kind) && !(p.kind === "console-locked" && ctx.config.consolePassword));
  if (fatal) throw new FlashFailure(fatal);
  if (!result.done) throw failure("cli-error", "the espruino CLI ended without \"Upload Complete\"", outputLines(result.output).filter((x) => x.trim()).slice(-1)[0]);
  return problems;
}

/**
 * Checks the unit after the upload. `reported`: what the unit printed during the upload; whether the
 * code arrived intact tells an error while writing (out of space, a lost chunk) from one at boot.
 */
function verify(ctx: Context, unit: ProbeReport, code: string, settings: string, reported: Failure[]): string {
  checkInterpreter(ctx, unit);
  const codeOk = sameFile(unit.bootcde, fingerprint(code));
  const settingsOk = sameFile(unit.unit, fingerprint(settings));
  if (!codeOk || !settingsOk) {
    const space = reported.find((p) => p.kind === "out-of-space");
    if (space) throw new FlashFailure({ ...space, message: `${space.message}: the upload did not complete` });
    const locked = reported.find((p) => p.kind === "console-locked");
    if (locked) throw new FlashFailure({ ...locked, message: "the unit's console locked during the upload (did the unit restart?): the upload did not complete" });
    const what = !codeOk
      ? `the code on the unit (.bootcde: ${unit.bootcde ? `${unit.bootcde.bytes} bytes, CRC ${unit.bootcde.crc}` : "none"}) is not what was sent (${code.length} bytes)`
      : `the settings on the unit (${UNIT_FILE}) are not what was sent`;
    throw failure("verify-mismatch", what, reported[0] ? reported[0].evidence : undefined);
  }
  const atBoot = reported.find((p) => p.kind === "out-of-memory") || reported.find((p) => p.kind === "crashed-at-boot") ||
    reported.find((p) => p.kind !== "console-locked");
  if (atBoot) {
    throw new FlashFailure(atBoot.kind === "crashed-at-boot" ? { ...atBoot, message: `the code is stored, but it failed as it started: ${atBoot.evidence}` } : atBoot);
  }
  const version = firmwareVersionOf(unit);
  if (!unit.charger && version === undefined) throw failure("not-started", "the code is stored but the firmware is not running on the unit (no CHARGER object)");
  if (version !== undefined && version !== FIRMWARE_VERSION) {
    throw failure("not-started", `the unit runs firmware ${version}, not the ${FIRMWARE_VERSION} just stored: it did not restart into the new code`);
  }
  if (unit.statusError) ctx.io.err(`flash: warning: CHARGER.status() failed on the unit: ${unit.statusError}`);
  return version || FIRMWARE_VERSION;
}

async function flashUnit(ctx: Context): Promise<number> {
  const firmwareFile = await buildFirmware(ctx);
  const code = fs.readFileSync(firmwareFile, "latin1");
  const settings = unitJson(ctx.config);
  if (ctx.options.dryRun) {
    const preview = await writePreview(ctx, firmwareFile);
    const rel = path.relative(process.cwd(), preview) || preview;
    const maskedFile = preview.replace(/\.js$/, ".unit.json");
    fs.writeFileSync(maskedFile, maskedUnitJson(ctx.config) + "\n");
    ctx.io.out(`flash: dry run: ${rel} holds what would be sent to ${ctx.config.port} ` +
      `(${UNIT_FILE} with its secrets masked, .bootcde ${code.length} bytes, then load())`);
    ctx.io.out(`flash: dry run: the unit's settings, secrets masked: ${path.relative(process.cwd(), maskedFile) || maskedFile}`);
    ctx.io.out("flash: dry run OK: nothing was sent");
    return 0;
  }
  ctx.io.out(`flash: connecting to ${ctx.config.port} at ${ctx.config.baud} baud`);
  const before = await probe(ctx, false, "before upload");
  ctx.io.out(`flash: found ${before.board} running Espruino ${before.espruino}` +
    (before.id ? `, unit ${before.id}` : "") + (firmwareVersionOf(before) ? `, firmware ${firmwareVersionOf(before)}` : ""));
  checkInterpreter(ctx, before);
  checkSpace(before, code, settings);
  if (ctx.options.factoryReset) await confirmFactoryReset(ctx, before);
  await prepare(ctx, before);
  const reported = await upload(ctx, firmwareFile, settings, uploadBytes(code, UNIT_FILE, settings.length));
  let after: ProbeReport;
  try {
    after = await probe(ctx, !!ctx.config.consolePassword, "after upload");
  } catch (e) {
    if (e instanceof FlashFailure && reported.length) throw new FlashFailure(reported[0] as Failure);
    throw e;
  }
  const version = verify(ctx, after, code, settings, reported);
  ctx.io.out(`flash: OK ${ctx.config.chargePointId} firmware ${version} on ${after.board} (${code.length} bytes, ${ctx.config.port})`);
  return 0;
}

async function showStatus(ctx: Context): Promise<number> {
  const unit = await probe(ctx, !!ctx.config.consolePassword, "status");
  for (const line of formatStatus(unit, ctx.config.port)) ctx.io.out(line);
  if (unit.board !== ctx.config.board) ctx.io.err(`flash: warning: the unit is a ${unit.board}, the config says ${ctx.config.board}`);
  return 0;
}

export async function runFlash(run: FlashRun): Promise<number> {
  const io = run.io;
  const parsed = parseOptions(run.argv);
  if ("problem" in parsed) {
    io.err(`flash: ${parsed.problem}`);
    for (const l of USAGE) io.err(l);
    return 2;
  }
  const options = parsed.options;
  if (options.help) {
    for (const l of USAGE) io.out(l);
    return 0;
  }
  const loaded = loadConfig(run, options);
  if (!loaded.ok) {
    io.err(`flash: ${options.config}: ${loaded.problems.length} problem${loaded.problems.length === 1 ? "" : "s"}; nothing was flashed:`);
    for (const p of loaded.problems) io.err(`  ${p}`);
    return 2;
  }
  const ctx: Context = { run, io, options, config: loaded.config, boardFile: loaded.boardFile, outDir: run.outDir || "dist" };
  try {
    return options.status ? await showStatus(ctx) : await flashUnit(ctx);
  } catch (e) {
    if (e instanceof FlashFailure) {
      report(io, e.failure);
      return 1;
    }
    if (e instanceof BuildError) {
      io.err(e.message);
      io.err("flash: FAILED: the firmware does not build; nothing was sent");
      return 1;
    }
    throw e;
  }
}

function terminalIo(): FlashIo {
  const tty = !!process.stdout.isTTY;
  return {
    out: (line) => process.stdout.write(line + "\n"),
    err: (line) => process.stderr.write(line + "\n"),
    draw: (text) => process.stdout.write(text === "\n" ? "\n" : "\r" + text + "\x1B[K"),
    tty,
    ask: (question) => {
      if (!process.stdin.isTTY) return Promise.resolve(undefined);
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      return new Promise((resolve) => rl.question(question, (answer) => {
        rl.close();
        resolve(answer);
      }));
    },
  };
}

if (require.main === module) {
  runFlash({ argv: process.argv.slice(2), root: process.cwd(), io: terminalIo() }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
