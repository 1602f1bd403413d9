// Maps a bundle position back to the TypeScript source: through the esbuild source map when there is
// one (exact line), else through the `// path/to/file.ts` markers esbuild writes in unminified bundles
// (file only).
import * as fs from "fs";
import { SourceMap, type SourceMapPayload } from "module";
import * as path from "path";

export interface SourcePosition {
  /** Relative to the working directory. */
  file: string;
  /** 1-based, when known. */
  line?: number;
  column?: number;
}

/** line is 1-based, column 1-based (as in Problem). */
export type Locator = (line: number, column: number) => SourcePosition | undefined;

const MARKER = /^\/\/ (\S+\.(?:[cm]?[jt]sx?))$/;

export function markerLocator(code: string): Locator {
  const markers: { line: number; file: string }[] = [];
  code.split("\n").forEach((text, index) => {
    const m = MARKER.exec(text.trimEnd());
    if (m && m[1]) markers.push({ line: index + 1, file: m[1] });
  });
  return (line) => {
    let found: string | undefined;
    for (const marker of markers) {
      if (marker.line > line) break;
      found = marker.file;
    }
    return found === undefined ? undefined : { file: found };
  };
}

export function sourceMapLocator(payload: SourceMapPayload, mapFile: string, cwd: string): Locator {
  const map = new SourceMap(payload);
  const mapDir = path.dirname(path.resolve(cwd, mapFile));
  return (line, column) => {
    const entry = map.findEntry(line - 1, column - 1);
    if (!("originalSource" in entry) || !entry.originalSource) return undefined;
    const source = entry.originalSource.startsWith("file://") ? new URL(entry.originalSource).pathname : path.resolve(mapDir, entry.originalSource);
    return { file: path.relative(cwd, source), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  };
}

/** The best locator for a bundle file: its `.map` next to it, then its markers. */
export function locatorFor(bundleFile: string, code: string, cwd: string): Locator {
  const markers = markerLocator(code);
  const mapFile = path.resolve(cwd, `${bundleFile}.map`);
  if (!fs.existsSync(mapFile)) return markers;
  // A map older than its bundle belongs to another build.
  if (fs.statSync(mapFile).mtimeMs + 1000 < fs.statSync(path.resolve(cwd, bundleFile)).mtimeMs) return markers;
  let mapped: Locator;
  try {
    mapped = sourceMapLocator(JSON.parse(fs.readFileSync(mapFile, "utf8")) as SourceMapPayload, mapFile, cwd);
  } catch {
    return markers;
  }
  return (line, column) => mapped(line, column) ?? markers(line, column);
}
