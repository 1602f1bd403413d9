// Node only. Runs dist/bench.js (the on-device benchmark) under the Espruino shim, on a fresh
// simulated board, with getTime() on the host's real clock so the JS-time figures mean something
// (simulated timers still fast-forward). Checks the output contract of issue 8: every line is a
// JSON object with id, value, unit and memory, and the last one is {"id":"bench.done"}.
//
//   tsx tools/sim/device-bench-runner.ts [dist/bench.js]    prints the lines; exit 1 on a problem
import { SimBoard } from "../../hal/sim/board";
import { runBundle } from "./bundle-runner";

export const BENCH_DONE_ID = "bench.done";
export const BENCH_FAILED_ID = "bench.failed";

export interface BenchFigure {
  id: string;
  value: number;
  unit: string;
  memory: { free: number; usage: number; total: number };
}

export interface DeviceBenchRun {
  /** Console lines, in order. */
  lines: string[];
  figures: BenchFigure[];
  /** What breaks the contract (a line that is not a figure, no bench.done, an uncaught error, a failed section). */
  problems: string[];
  done: boolean;
  /** Simulated ms the run took (timers between sections). */
  simMs: number;
}

export interface DeviceBenchOptions {
  file?: string;
  /** Give up after this much simulated time (default 10 minutes). */
  maxSimMs?: number;
  echo?: (line: string) => void;
}

/** Problems with one line of bench output ("" if it is a well-formed figure). */
export function checkBenchLine(line: string): string {
  let v: any;
  try {
    v = JSON.parse(line);
  } catch {
    return "not JSON: " + line;
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) return "not a JSON object: " + line;
  if (v.id === BENCH_DONE_ID) return "";
  if (typeof v.id !== "string" || v.id.length === 0) return "no id: " + line;
  if (v.id === BENCH_FAILED_ID) return "section " + v.section + " failed: " + v.message;
  if (typeof v.value !== "number" || !isFinite(v.value)) return v.id + ": value is not a number: " + line;
  if (typeof v.unit !== "string" || v.unit.length === 0) return v.id + ": no unit: " + line;
  const m = v.memory;
  if (!m || typeof m.free !== "number" || typeof m.usage !== "number" || typeof m.total !== "number") {
    return v.id + ": memory is not process.memory(): " + line;
  }
  return "";
}

export async function runDeviceBench(options: DeviceBenchOptions = {}): Promise<DeviceBenchRun> {
  const file = options.file || "dist/bench.js";
  const board = new SimBoard();
  const runner = runBundle({ file, board, realTime: true, echo: options.echo });
  const maxSimMs = options.maxSimMs || 600000;
  const start = board.clock.now();
  const finished = () => runner.console.some((l) => l.indexOf('"' + BENCH_DONE_ID + '"') >= 0);
  while (!finished() && board.clock.now() - start < maxSimMs && board.clock.pending() > 0) {
    await runner.advance(1000);
  }
  runner.stop();
  const run: DeviceBenchRun = { lines: runner.console.slice(), figures: [], problems: [], done: false, simMs: board.clock.now() - start };
  for (const e of runner.errors) run.problems.push(e.line + " (" + e.where + ")");
  for (const line of run.lines) {
    const problem = checkBenchLine(line);
    if (problem) {
      run.problems.push(problem);
      continue;
    }
    const v = JSON.parse(line);
    if (v.id === BENCH_DONE_ID) run.done = true;
    else run.figures.push(v as BenchFigure);
  }
  const last = run.lines[run.lines.length - 1];
  if (!run.done) run.problems.push("no " + BENCH_DONE_ID + " line after " + run.simMs + " simulated ms");
  else if (!last || JSON.parse(last).id !== BENCH_DONE_ID) run.problems.push(BENCH_DONE_ID + " is not the last line");
  return run;
}

if (require.main === module) {
  runDeviceBench({ file: process.argv[2], echo: (line) => console.log(line) }).then(
    (run) => {
      for (const p of run.problems) console.error("device bench: " + p);
      process.exit(run.problems.length > 0 ? 1 : 0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
