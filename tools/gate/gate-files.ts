// Gates bundle files on disk: each file and its unminified twin (x.js -> x.dev.js), with problems
// located in the TypeScript sources where possible. Used by `npm run gate` and `npm test`.
import * as fs from "fs";
import * as path from "path";
import { gateSource, type Problem } from "./gate";
import { locatorFor, type SourcePosition } from "./locate";

/** Gated by default: the firmware always, the device bench when it was built. */
export const DEFAULT_BUNDLES = ["dist/firmware.js", "dist/bench.js"];

export interface LocatedProblem extends Problem {
  /** Gated bundle, as given. */
  bundle: string;
  source?: SourcePosition;
}

export interface GatedFile {
  file: string;
  bytes: number;
  problems: LocatedProblem[];
}

export interface GateOutcome {
  files: GatedFile[];
  /** Problems across files, duplicates (same reason at the same source line in a bundle and its twin) removed. */
  problems: LocatedProblem[];
  /** Files that could not be read. */
  missing: string[];
}

export function devTwinOf(file: string): string | undefined {
  return file.endsWith(".js") && !file.endsWith(".dev.js") ? `${file.slice(0, -3)}.dev.js` : undefined;
}

export function gateFile(file: string, cwd = process.cwd()): GatedFile {
  const code = fs.readFileSync(path.resolve(cwd, file), "utf8");
  const locate = locatorFor(file, code, cwd);
  const problems = gateSource(code).map((p): LocatedProblem => {
    const source = locate(p.line, p.column);
    return source ? { ...p, bundle: file, source } : { ...p, bundle: file };
  });
  return { file, bytes: Buffer.byteLength(code), problems };
}

/** Gates each file, and its dev twin when that exists. */
export function gateFiles(files: string[], cwd = process.cwd()): GateOutcome {
  const queue: string[] = [];
  const missing: string[] = [];
  for (const file of files) {
    if (!fs.existsSync(path.resolve(cwd, file))) {
      missing.push(file);
      continue;
    }
    if (!queue.includes(file)) queue.push(file);
    const twin = devTwinOf(file);
    if (twin && fs.existsSync(path.resolve(cwd, twin)) && !queue.includes(twin)) queue.push(twin);
  }
  const gated = queue.map((file) => gateFile(file, cwd));
  const problems: LocatedProblem[] = [];
  const seen = new Set<string>();
  // Dev twins first: their bundle positions are readable when the source is unknown.
  const devFirst = [...gated].sort((a, b) => Number(b.file.endsWith(".dev.js")) - Number(a.file.endsWith(".dev.js")));
  for (const file of devFirst) {
    for (const p of file.problems) {
      if (p.source?.line !== undefined) {
        const key = `${p.rule}|${p.message}|${p.source.file}:${p.source.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      problems.push(p);
    }
  }
  return { files: gated, problems, missing };
}

/** `file:line:col reason`, the source position first when known. */
export function formatProblem(p: LocatedProblem): string {
  const at = `${p.bundle}:${p.line}:${p.column}`;
  if (p.source?.line !== undefined) return `${p.source.file}:${p.source.line}:${p.source.column ?? 1} ${p.message} [${p.rule}; bundle ${at}]`;
  if (p.source) return `${at} ${p.message} [${p.rule}; in ${p.source.file}]`;
  return `${at} ${p.message} [${p.rule}]`;
}
