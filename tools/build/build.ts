// npm run build: bundles firmware/main.ts -> dist/firmware.js (and tools/device-bench/main.ts ->
// dist/bench.js when it exists) for Espruino, each with an unminified twin (*.dev.js, which keeps
// `// file.ts` markers) and source maps, then writes dist/size.json. Fails with esbuild's file:line.
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { espruinoBuildOptions } from "./espruino-esbuild";
import { bundleSize, type BundleSize } from "./size-report";

export interface BundleTarget {
  name: string;
  /** Paths relative to the root. */
  entry: string;
  outfile: string;
  devOutfile: string;
  /** A missing entry is an error when required, else the bundle is skipped. */
  required: boolean;
}

export const DEFAULT_TARGETS: BundleTarget[] = [
  { name: "firmware", entry: "firmware/main.ts", outfile: "dist/firmware.js", devOutfile: "dist/firmware.dev.js", required: true },
  { name: "bench", entry: "tools/device-bench/main.ts", outfile: "dist/bench.js", devOutfile: "dist/bench.dev.js", required: false },
];

export interface BuildSettings {
  /** Repository root (default: the working directory). */
  root?: string;
  targets?: BundleTarget[];
  /** Relative to root. */
  tsconfig?: string;
  /** Relative to root. */
  sizeFile?: string;
  log?: (line: string) => void;
}

export interface BuildReport {
  bundles: Record<string, BundleSize>;
  skipped: { name: string; entry: string }[];
  warnings: string[];
  sizeFile: string;
}

export class BuildError extends Error {
  constructor(readonly messages: string[]) {
    super(`build failed:\n${messages.join("\n")}`);
    this.name = "BuildError";
  }
}

export async function build(settings: BuildSettings = {}): Promise<BuildReport> {
  const root = path.resolve(settings.root ?? process.cwd());
  const targets = settings.targets ?? DEFAULT_TARGETS;
  const tsconfig = settings.tsconfig ?? "firmware/tsconfig.json";
  const sizeFile = settings.sizeFile ?? "dist/size.json";
  const log = settings.log ?? (() => undefined);
  const report: BuildReport = { bundles: {}, skipped: [], warnings: [], sizeFile };
  const errors: string[] = [];

  for (const target of targets) {
    if (!fs.existsSync(path.join(root, target.entry))) {
      if (target.required) {
        errors.push(`${target.entry}: entry file not found (the ${target.name} bundle needs it)`);
      } else {
        removeOutputs(root, target);
        report.skipped.push({ name: target.name, entry: target.entry });
        log(`build: ${target.entry} does not exist yet, ${target.outfile} skipped`);
      }
      continue;
    }
    try {
      const release = await esbuild.build(espruinoBuildOptions({ entry: target.entry, outfile: target.outfile, minify: true, root, tsconfig }));
      const dev = await esbuild.build(espruinoBuildOptions({ entry: target.entry, outfile: target.devOutfile, minify: false, root, tsconfig }));
      for (const w of [...release.warnings, ...dev.warnings]) report.warnings.push(formatMessage(w, "warning"));
      const size = bundleSize(release.metafile as esbuild.Metafile, target.entry, target.outfile);
      report.bundles[target.name] = size;
      log(`build: ${target.outfile} ${size.bytes} bytes (${Object.keys(size.sources).length} source files, `
        + `${size.overhead} bytes wrapper and helpers); unminified: ${target.devOutfile}`);
    } catch (e) {
      const failure = e as Partial<esbuild.BuildFailure>;
      if (!Array.isArray(failure.errors)) throw e;
      for (const m of failure.errors) errors.push(formatMessage(m, "error"));
    }
  }
  for (const w of new Set(report.warnings)) log(w);
  if (errors.length) throw new BuildError(errors);

  const total = Object.values(report.bundles).reduce((sum, b) => sum + b.bytes, 0);
  const sizePath = path.join(root, sizeFile);
  fs.mkdirSync(path.dirname(sizePath), { recursive: true });
  fs.writeFileSync(sizePath, JSON.stringify({ bundles: report.bundles, totalBytes: total }, null, 2) + "\n");
  log(`build: total ${total} bytes (per source file: ${sizeFile})`);
  return report;
}

/** `file:line:col: error: text`, with the source line under it (esbuild columns are 0-based). */
export function formatMessage(m: esbuild.Message, kind: "error" | "warning"): string {
  const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : "";
  const lines = [`${at}${kind}: ${m.text}`];
  if (m.location?.lineText) lines.push(`    ${m.location.lineText}`);
  for (const note of m.notes) {
    if (note.text) lines.push(`    note: ${note.location ? `${note.location.file}:${note.location.line}: ` : ""}${note.text}`);
  }
  return lines.join("\n");
}

function removeOutputs(root: string, target: BundleTarget): void {
  for (const file of [target.outfile, target.devOutfile]) {
    for (const f of [file, `${file}.map`]) fs.rmSync(path.join(root, f), { force: true });
  }
}

if (require.main === module) {
  build({ log: (line) => console.log(line) }).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof BuildError ? e.message : e);
      process.exit(1);
    },
  );
}
