// Builds a real device bundle with the project's build (tools/build/build.ts) into a temporary
// directory, so tests never race on dist/.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { build } from "../../../../tools/build/build";

export const REPO = path.resolve(__dirname, "../../../..");

export interface BuiltBundle {
  file: string;
  dir: string;
  cleanup(): void;
}

export async function buildBundle(name: string, entry: string): Promise<BuiltBundle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shim-" + name + "-"));
  const file = path.join(dir, name + ".js");
  await build({
    root: REPO,
    // paths relative to the root, as the build reports sizes by esbuild's relative output names
    targets: [{ name, entry, outfile: path.relative(REPO, file), devOutfile: path.relative(REPO, path.join(dir, name + ".dev.js")), required: true }],
    sizeFile: path.relative(REPO, path.join(dir, "size.json")),
  });
  return { file, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a small test bundle (plain Espruino JS) to a temporary file. */
export function writeScript(source: string): BuiltBundle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shim-script-"));
  const file = path.join(dir, "script.js");
  fs.writeFileSync(file, source, "latin1");
  return { file, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
