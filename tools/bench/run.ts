// npm run bench: runs every suite in tools/bench/suites, prints a table, writes bench/results.json.
// `npm run bench -- reader allowlist` runs only the suites whose file names are given.
import * as fs from "fs";
import * as path from "path";
import { Metric, Suite } from "./metric";

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const dir = path.join(__dirname, "suites");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).sort();
  const metrics: Metric[] = [];
  let failed = 0;
  for (const file of files) {
    const name = file.replace(/\.ts$/, "");
    if (only.length && !only.includes(name)) continue;
    const started = Date.now();
    try {
      const mod = require(path.join(dir, file)) as { run: Suite };
      const got = await mod.run();
      metrics.push(...got);
      console.error(`[bench] ${name}: ${got.length} figures in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed++;
      console.error(`[bench] ${name} FAILED: ${(e as Error).stack || e}`);
    }
  }
  printTable(metrics);
  const out = path.join(process.cwd(), "bench", "results.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const stable = metrics.map((m) => {
    const o: Metric = { id: m.id, value: m.value, unit: m.unit };
    if (m.baseline !== undefined) { o.baseline = m.baseline; o.baselineName = m.baselineName; }
    return o;
  });
  fs.writeFileSync(out, JSON.stringify({ metrics: stable }, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), out)} (${metrics.length} figures)`);
  if (failed) {
    console.log(`${failed} suite(s) failed`);
    process.exit(1);
  }
}

function printTable(metrics: Metric[]): void {
  const rows = metrics.map((m) => [m.id, fmt(m.value), m.unit, m.baseline === undefined ? "" : fmt(m.baseline), m.baselineName || "", m.note || ""]);
  const head = ["id", "value", "unit", "baseline", "baseline is", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join("  ").trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
