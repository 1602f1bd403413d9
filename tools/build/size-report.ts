// dist/size.json: what each source file costs in a minified bundle (esbuild's bytesInOutput).
import type { Metafile } from "esbuild";

export interface BundleSize {
  entry: string;
  file: string;
  /** Size of the bundle file. */
  bytes: number;
  /** Bytes per source file, biggest first. */
  sources: Record<string, number>;
  /** Wrapper and esbuild helpers: bytes not attributed to a source file. */
  overhead: number;
}

export function bundleSize(metafile: Metafile, entry: string, outfile: string): BundleSize {
  const output = metafile.outputs[outfile];
  if (!output) throw new Error(`size: ${outfile} is not in the esbuild metafile (outputs: ${Object.keys(metafile.outputs).join(", ")})`);
  const rows = Object.entries(output.inputs).map(([file, input]) => [file, input.bytesInOutput] as const);
  rows.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const attributed = rows.reduce((sum, [, bytes]) => sum + bytes, 0);
  return { entry, file: outfile, bytes: output.bytes, sources: Object.fromEntries(rows), overhead: output.bytes - attributed };
}
