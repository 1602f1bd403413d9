import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { build, BuildError, DEFAULT_TARGETS } from "../../../tools/build/build";
import { ESPRUINO_BUILTIN_MODULES } from "../../../tools/build/espruino-esbuild";

const REPO = path.resolve(__dirname, "../../..");
const TSCONFIG = path.join(REPO, "firmware/tsconfig.json");

describe("npm run build", () => {
  let root: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
  const exists = (file: string) => fs.existsSync(path.join(root, file));
  const run = (log: string[] = []) => build({ root, tsconfig: TSCONFIG, log: (l) => log.push(l) });

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "build-"));
    write("firmware/led.ts", "export class Led {\n  constructor(private pin: number) {}\n  on(): number { return this.pin ?? 0; }\n}\n");
    write("firmware/main.ts", 'import Storage = require("Storage");\nimport { Led } from "./led";\n'
      + 'function start(): void { console.log(new Led(2).on(), Storage.read("a")); }\nE.on("init", start);\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("writes the minified bundle in its own scope with built-ins as plain require", async () => {
    await run();
    const bundle = read("dist/firmware.js");
    expect(bundle.startsWith("(function(){\n")).toBe(true);
    expect(bundle.trimEnd().endsWith("})();")).toBe(true);
    expect(bundle).toContain('require("Storage")');
    expect(bundle).not.toMatch(/__toESM|module\.exports|\?\?/);
    expect(bundle.split("\n").length).toBeLessThanOrEqual(4);
  });

  it("writes an unminified twin with source markers, and source maps", async () => {
    await run();
    const dev = read("dist/firmware.dev.js");
    expect(dev).toContain("// firmware/led.ts\n");
    expect(dev).toContain("// firmware/main.ts\n");
    expect(exists("dist/firmware.js.map")).toBe(true);
    expect(exists("dist/firmware.dev.js.map")).toBe(true);
    expect(read("dist/firmware.js")).not.toContain("sourceMappingURL");
  });

  it("writes size.json with bytes per source file adding up to the bundle size", async () => {
    const log: string[] = [];
    await run(log);
    const size = JSON.parse(read("dist/size.json"));
    const firmware = size.bundles.firmware;
    const onDisk = fs.statSync(path.join(root, "dist/firmware.js")).size;
    expect(firmware.bytes).toBe(onDisk);
    expect(Object.keys(firmware.sources).sort()).toEqual(["firmware/led.ts", "firmware/main.ts"]);
    const attributed = Object.values(firmware.sources as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(attributed).toBeGreaterThan(0);
    expect(attributed + firmware.overhead).toBe(onDisk);
    expect(size.totalBytes).toBe(onDisk);
    expect(log).toContain(`build: total ${onDisk} bytes (per source file: dist/size.json)`);
  });

  it("skips the device bench while its entry does not exist, and removes a stale one", async () => {
    write("dist/bench.js", "stale");
    const log: string[] = [];
    const report = await run(log);
    expect(report.skipped).toEqual([{ name: "bench", entry: "tools/device-bench/main.ts" }]);
    expect(log).toContain("build: tools/device-bench/main.ts does not exist yet, dist/bench.js skipped");
    expect(exists("dist/bench.js")).toBe(false);
  });

  it("builds the device bench once its entry exists", async () => {
    write("tools/device-bench/main.ts", 'import { Led } from "../../firmware/led";\nconsole.log(new Led(1).on());\n');
    const report = await run();
    expect(Object.keys(report.bundles).sort()).toEqual(["bench", "firmware"]);
    expect(exists("dist/bench.js")).toBe(true);
    expect(exists("dist/bench.dev.js")).toBe(true);
    expect(JSON.parse(read("dist/size.json")).bundles.bench.sources).toHaveProperty(["firmware/led.ts"]);
  });

  it("fails with esbuild's file:line:col on what it cannot lower", async () => {
    write("firmware/main.ts", "function f(a = 1): number {\n  return a;\n}\nconsole.log(f());\n");
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).messages).toEqual([
      expect.stringMatching(/^firmware\/main\.ts:1:14: error: Transforming default arguments .* is not supported yet\n {4}function f\(a = 1\): number \{$/),
    ]);
    expect(exists("dist/size.json")).toBe(false);
  });

  it("fails when firmware/main.ts is missing", async () => {
    fs.rmSync(path.join(root, "firmware/main.ts"));
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).messages).toEqual(["firmware/main.ts: entry file not found (the firmware bundle needs it)"]);
  });

  it("keeps every Espruino built-in module external", async () => {
    write("firmware/main.ts", ESPRUINO_BUILTIN_MODULES.map((m, i) => `const m${i} = require("${m}");\nconsole.log(m${i});`).join("\n"));
    await run();
    const bundle = read("dist/firmware.js");
    for (const m of ESPRUINO_BUILTIN_MODULES) expect(bundle).toContain(`require("${m}")`);
  });

  it("builds firmware/main.ts and the device bench by default", () => {
    expect(DEFAULT_TARGETS.map((t) => [t.entry, t.outfile, t.devOutfile, t.required])).toEqual([
      ["firmware/main.ts", "dist/firmware.js", "dist/firmware.dev.js", true],
      ["tools/device-bench/main.ts", "dist/bench.js", "dist/bench.dev.js", false],
    ]);
  });
});
