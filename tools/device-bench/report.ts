// Device code (bundled into dist/bench.js). How the on-device benchmark prints its figures: one
// JSON object per line, {"id": ..., "value": ..., "unit": ..., "memory": process.memory()}, and
// {"id":"bench.done"} at the end. No Espruino globals here: main.ts passes print and memory in.

/** What a benchmark section calls for each figure. */
export type ReportFn = (id: string, value: number, unit: string) => void;

/**
 * A benchmark section: runs synchronously, reports its figures, and may throw (the run goes on
 * with the next section). `nowMs` is the interpreter's own clock in ms (getTime() * 1000).
 */
export interface BenchSection {
  name: string;
  run: (report: ReportFn, nowMs: () => number) => void;
}

export const BENCH_DONE_ID = "bench.done";
export const BENCH_FAILED_ID = "bench.failed";

export interface Reporter {
  report: ReportFn;
  /** A section threw: one line with id "bench.failed", the section's name and the message. */
  failed(section: string, err: any): void;
  /** The last line. */
  done(): void;
}

export function createReporter(print: (line: string) => void, memory: () => any): Reporter {
  function report(id: string, value: number, unit: string): void {
    print(JSON.stringify({ id: id, value: value, unit: unit, memory: memory() }));
  }
  return {
    report: report,
    failed: function (section: string, err: any): void {
      const message = err && err.message ? String(err.message) : String(err);
      print(JSON.stringify({ id: BENCH_FAILED_ID, value: 1, unit: "count", memory: memory(), section: section, message: message }));
    },
    done: function (): void {
      print(JSON.stringify({ id: BENCH_DONE_ID }));
    },
  };
}
