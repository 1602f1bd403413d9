// Reads what the espruino CLI printed. The CLI exits 0 after "Unable to connect!", after a refused TCP
// connection and after uploading into something that is not an Espruino, so its exit code says
// little: each failure is recognised by its text (strings from node_modules/espruino 0.1.67 and the
// Espruino interpreter), and turned into a cause a technician can act on.
import type { CliResult } from "./espruino-cli";

export type FailureKind =
  | "no-device"
  | "port-permission"
  | "port-busy"
  | "timeout"
  | "console-locked"
  | "not-espruino"
  | "wrong-baud"
  | "pre-1v96"
  | "espruino-too-old"
  | "board-mismatch"
  | "out-of-space"
  | "out-of-memory"
  | "crashed-at-boot"
  | "module-missing"
  | "cli-error"
  | "not-started"
  | "verify-mismatch"
  | "not-confirmed";

export interface Failure {
  kind: FailureKind;
  /** One line: what went wrong. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** The line of output that showed it, if any. */
  evidence?: string;
}

/** What each kind means for a technician (README's table is written from this). */
export const HINTS: { [K in FailureKind]: string } = {
  "no-device": "check the USB cable and that `port` names the unit's port (ls /dev/ttyUSB* /dev/ttyACM*, or COMn in Device Manager); for tcp:// check the address and that the unit is on the network",
  "port-permission": "on Linux add yourself to the dialout group (sudo usermod -aG dialout $USER, then log in again)",
  "port-busy": "close the other program using the port (a serial monitor, the Espruino Web IDE, screen/minicom) and try again",
  "timeout": "the unit stopped answering; power-cycle it and try again",
  "console-locked": "set `consolePassword` in the config to the unit's console password",
  "not-espruino": "something answered that is not an Espruino console: check `port` (is it the right device?) and that the unit runs the Espruino interpreter",
  "wrong-baud": "check `baud` (ESP32 Espruino: 115200)",
  "pre-1v96": "update the Espruino interpreter on the unit (ESP32: esptool.py with the espruino_esp32 binaries), then flash again",
  "espruino-too-old": "update the Espruino interpreter on the unit, then flash again",
  "board-mismatch": "check `board` in the config, or that this is the unit you meant to flash",
  "out-of-space": "run `npm run flash -- --status` to see free storage; a `--factory-reset` frees the allowlist and queues (they are lost)",
  "out-of-memory": "the firmware needs more RAM than the unit has free: report it to the developers",
  "crashed-at-boot": "the firmware stopped with an error when it started; report it to the developers with the --verbose output (flashing the previous version restores the unit)",
  "module-missing": "the bundle requires a module the board file does not list as built in: add it to tools/flash/boards/<board>.json info.builtin_modules if the interpreter has it",
  "cli-error": "run the command again with --verbose and report the output",
  "not-started": "the code was stored but the firmware did not start (no CHARGER object): power-cycle the unit and run `npm run flash -- --status`",
  "verify-mismatch": "the unit holds different bytes than were sent (a lost chunk?): flash again",
  "not-confirmed": "type the unit's chargePointId exactly as shown (in scripts: add --yes); run the command in a terminal",
};

// eslint-disable-next-line no-control-regex
const ANSI = /\x1B\[[0-9;?]*[A-Za-z]/g;

/** The CLI's output as clean lines (no ANSI cursor codes, no \r). */
export function outputLines(output: string): string[] {
  return output.replace(ANSI, "").replace(/\r/g, "").split("\n");
}

/** Lines the unit printed (the CLI prefixes them with "--] "), without the prefix. */
export function deviceLines(output: string): string[] {
  const out: string[] = [];
  for (const line of outputLines(output)) if (line.startsWith("--] ")) out.push(line.slice(4));
  return out;
}

function fail(kind: FailureKind, message: string, evidence?: string): Failure {
  return { kind, message, hint: HINTS[kind], evidence };
}

/** Share of characters a console would not print: high for bytes read at the wrong baud rate. */
export function garbageRatio(text: string): number {
  if (!text.length) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27) || c >= 127) bad++;
  }
  return bad / text.length;
}

/**
 * Failures visible in one CLI run, most telling first. `port` names the port in messages.
 * An empty list does not mean success: the unit must still be asked (probe.ts).
 */
export function findFailures(run: CliResult, port: string): Failure[] {
  const found: Failure[] = [];
  const lines = outputLines(run.output);
  const device = deviceLines(run.output);
  const find = (re: RegExp) => lines.find((l) => re.test(l));
  const findDevice = (re: RegExp) => device.find((l) => re.test(l));

  if (run.timedOut) found.push(fail("timeout", `the espruino CLI did not finish in ${Math.round(run.ms / 1000)} s on ${port}`));

  let l: string | undefined;
  if ((l = find(/Permission denied|EACCES/))) found.push(fail("port-permission", `no permission to open ${port}`, l));
  else if ((l = find(/Resource (temporarily unavailable|busy)|Cannot lock port|EBUSY/))) found.push(fail("port-busy", `${port} is in use by another program`, l));
  else if ((l = find(/ECONNREFUSED/))) found.push(fail("no-device", `nothing accepts connections at ${port} (connection refused)`, l));
  else if ((l = find(/EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ENOTFOUND|EAI_AGAIN/))) found.push(fail("no-device", `cannot reach ${port} (${/E[A-Z_]+/.exec(l)![0]})`, l));
  else if ((l = find(/Port ".*" not found|No such file or directory|ENOENT/))) found.push(fail("no-device", `no device at ${port} (the port does not exist)`, l));
  else if ((l = find(/Error: No Ports Found/))) found.push(fail("no-device", "no serial ports found at all", l));
  else if ((l = find(/^Unable to connect!/))) found.push(fail("no-device", `could not open ${port}`, l));

  // the tool's own login (cli-hook.cjs) leaves `password>` and `Logged in.` before the CLI's data
  const loggedIn = device.map((x) => /Logged in\./.test(x)).lastIndexOf(true);
  if ((l = device.slice(loggedIn + 1).find((x) => /password>|Invalid password/.test(x)))) {
    found.push(fail("console-locked", "the unit's console is locked with a password", l));
  }
  if ((l = find(/pre-1v96 firmware/))) found.push(fail("pre-1v96", "the unit runs Espruino older than 1v96 (no Storage): the code cannot be stored", l));
  if ((l = findDevice(/Unable to find or create file|Not enough free space|Too much data for file size|Storage is full/i))) {
    found.push(fail("out-of-space", "the unit's Storage is full", l));
  }
  if ((l = findDevice(/OUT OF MEMORY|New interpreter error:.*MEMORY/))) found.push(fail("out-of-memory", "the unit ran out of memory", l));
  // after a DLE line the prompt is still on screen, so the error can follow it: ">Uncaught ..."
  if ((l = findDevice(/^(password)?>?Uncaught /))) {
    const text = l.slice(l.indexOf("Uncaught ")).slice(0, 200);
    found.push(fail("crashed-at-boot", `the unit reported an error: ${text}`, text));
  }
  if ((l = find(/Module .* not found/))) found.push(fail("module-missing", l.trim(), l));
  if ((l = find(/Prompt not detected/))) found.push(fail("not-espruino", `no Espruino prompt on ${port}`, l));
  const deviceText = device.join("\n");
  if (garbageRatio(deviceText) > 0.2 && deviceText.length >= 4) {
    found.push(fail("wrong-baud", `the unit answered with unreadable bytes at ${run.args[run.args.indexOf("-b") + 1] || "?"} baud`));
  } else if ((l = findDevice(/^HTTP\/|^SSH-|^220 |<html/i))) {
    found.push(fail("not-espruino", `${port} answered, but not as an Espruino console`, l));
  }
  if (run.exitCode !== 0 && run.exitCode !== null && !found.length) {
    found.push(fail("cli-error", `the espruino CLI stopped with exit code ${run.exitCode}`, lines.filter((x) => x.trim()).slice(-1)[0]));
  }
  return found;
}
