import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runGateCli } from "../../../tools/gate/cli";

const REPO = path.resolve(__dirname, "../../..");

describe("npm run gate", () => {
  let dir: string;
  const gate = (files: string[]) => {
    const lines: string[] = [];
    const code = runGateCli(files, dir, (l) => lines.push(l));
    return { code, lines };
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-cli-"));
    fs.writeFileSync(path.join(dir, "good.js"), "(function(){\nvar a = [1, 2];\nconsole.log(a.length);\n})();\n");
    fs.writeFileSync(path.join(dir, "bad.js"), "(function(){\nvar s = new Set();\nvar v = a?.b;\n})();\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints OK with the size and exits 0 for a clean bundle", () => {
    const size = fs.statSync(path.join(dir, "good.js")).size;
    expect(gate(["good.js"])).toEqual({ code: 0, lines: [`gate: good.js OK (${size} bytes)`] });
  });

  it("prints file:line:col reason per problem and exits 1", () => {
    const { code, lines } = gate(["bad.js"]);
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^bad\.js:2:13 Set is not defined on Espruino.*\[missing-global\]$/),
      expect.stringMatching(/^bad\.js:3:9 optional chaining \?\. .*\[optional-chain\]$/),
      "gate: bad.js FAILED (2 problems)",
    ]);
  });

  it("gates the dev twin next to a bundle, naming the source file from its markers", () => {
    fs.mkdirSync(path.join(dir, "dist"), { recursive: true });
    fs.writeFileSync(path.join(dir, "dist/fw.js"), "(function(){\nvar a=1;\n})();\n");
    fs.writeFileSync(path.join(dir, "dist/fw.dev.js"), "(function(){\n// firmware/main.ts\nvar a = 2 ** 3;\n})();\n");
    const { code, lines } = gate(["dist/fw.js"]);
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^dist\/fw\.dev\.js:3:9 exponent operator \*\* .*\[exponent; in firmware\/main\.ts\]$/),
      expect.stringMatching(/^gate: dist\/fw\.js OK \(\d+ bytes\)$/),
      "gate: dist/fw.dev.js FAILED (1 problems)",
    ]);
  });

  it("fails on a missing bundle", () => {
    expect(gate(["nothing.js"])).toEqual({ code: 1, lines: ["gate: nothing.js: no such file (run npm run build first)"] });
  });

  it("exits 1 from the command line on a problem", () => {
    const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), path.join(REPO, "tools/gate/cli.ts"), "bad.js"], { cwd: dir, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("gate: bad.js FAILED (2 problems)");
  });
});
