// Runs the espruino CLI (node_modules/espruino, 0.1.67) as a child process and captures what it
// prints. It exits 0 even when it could not connect, so callers judge the run by its output
// (cli-output.ts) and by asking the unit afterwards (probe.ts). cli-hook.cjs, preloaded into the CLI,
// counts the bytes sent to the unit and unlocks a locked console; it reports on file descriptor 3.
import { spawn } from "child_process";
import * as path from "path";

export const CLI_PATH = require.resolve("espruino/bin/espruino-cli.js");
const HOOK_PATH = path.join(__dirname, "cli-hook.cjs");

export type UnlockOutcome = "unlocked" | "not-locked" | "wrong-password" | "no-answer";

export interface CliResult {
  args: string[];
  /** stdout and stderr in the order they arrived. */
  output: string;
  stderr: string;
  exitCode: number | null;
  /** True when the run was stopped for taking longer than its time limit. */
  timedOut: boolean;
  /** True when `doneWhen` matched (the run may then have been stopped after the grace period). */
  done: boolean;
  /** Bytes the CLI wrote to the unit's port. */
  bytesSent: number;
  /** What happened when the console password was offered (only when one was given). */
  unlock?: UnlockOutcome;
  ms: number;
}

export interface CliRunOptions {
  /** Stop the CLI after this long (it can hang on a port that never answers). */
  timeoutMs: number;
  onBytesSent?: (total: number) => void;
  cwd?: string;
  /** Typed at a `password>` prompt before the CLI's own data goes out (see cli-hook.cjs). */
  consolePassword?: string;
  /**
   * Output that means the work is done. The CLI waits for 0.5 s of silence before it exits, which a
   * unit that logs all the time never gives it; once this matches, it is stopped after `graceMs`.
   */
  doneWhen?: RegExp;
  graceMs?: number;
}

/** The arguments every call shares: no Bluetooth (crashes without D-Bus), the port, the baud, the local board file. */
export function baseArgs(port: string, baud: number, boardFile: string): string[] {
  return ["--no-ble", "-p", port, "-b", String(baud), "--board", boardFile];
}

export function runEspruinoCli(args: string[], options: CliRunOptions): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", HOOK_PATH, CLI_PATH, ...args], {
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0", ...(options.consolePassword ? { FLASH_CONSOLE_PASSWORD: options.consolePassword } : {}) },
    });
    let output = "";
    let stderr = "";
    let bytesSent = 0;
    let unlock: UnlockOutcome | undefined;
    let timedOut = false;
    let done = false;
    let grace: NodeJS.Timeout | undefined;
    const checkDone = () => {
      if (done || !options.doneWhen || !options.doneWhen.test(output)) return;
      done = true;
      grace = setTimeout(() => child.kill("SIGKILL"), options.graceMs ?? 2000);
    };
    child.stdout!.setEncoding("latin1");
    child.stderr!.setEncoding("latin1");
    child.stdout!.on("data", (d: string) => { output += d; checkDone(); });
    child.stderr!.on("data", (d: string) => { output += d; stderr += d; checkDone(); });
    const progress = child.stdio[3] as NodeJS.ReadableStream;
    let pending = "";
    progress.setEncoding("latin1");
    progress.on("data", (d: string) => {
      pending += d;
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const m = /^sent (\d+)$/.exec(line);
        if (m) {
          bytesSent = parseInt(m[1] as string, 10);
          if (options.onBytesSent) options.onBytesSent(bytesSent);
        }
        const u = /^unlock ([a-z-]+)$/.exec(line);
        if (u) unlock = u[1] as UnlockOutcome;
      }
    });
    const timer = setTimeout(() => {
      if (!done) timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    const stopTimers = () => {
      clearTimeout(timer);
      if (grace) clearTimeout(grace);
    };
    child.on("error", (e) => {
      stopTimers();
      reject(e);
    });
    child.on("close", (code) => {
      stopTimers();
      resolve({ args, output, stderr, exitCode: code, timedOut, done, bytesSent, unlock, ms: Date.now() - started });
    });
  });
}
