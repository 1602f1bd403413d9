import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "../../..");
const TSX = require.resolve("tsx/cli");

function gate(dir: string, files: string[]) {
  const r = spawnSync(process.execPath, [TSX, path.join(REPO, "tools/gate/cli.ts"), ...files], { cwd: dir, encoding: "utf8" });
  return { code: r.status, lines: r.stdout.trim().split("\n") };
}

describe("npm run gate", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-cli-"));
    fs.writeFileSync(path.join(dir, "good.js"), "(function(){\nvar a = [1, 2];\nconsole.log(a.length);\n})();\n");
    fs.writeFileSync(path.join(dir, "bad.js"), "(function(){\nvar s = new Set();\nvar v = a?.b;\n})();\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints OK with the size and exits 0 for a clean bundle", () => {
    const size = fs.statSync(path.join(dir, "good.js")).size;
    expect(gate(dir, ["good.js"])).toEqual({ code: 0, lines: [`gate: good.js OK (${size} bytes)`] });
  });

  it("prints file:line:col reason per problem and exits 1", () => {
    const { code, lines } = gate(dir, ["bad.js"]);
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^bad\.js:2:13 Set is not defined on Espruino.*\[missing-global\]$/),
      expect.stringMatching(/^bad\.js:3:9 optional chaining \?\. .*\[optional-chain\]$/),
      "gate: bad.js FAILED (2 problems)",
    ]);
  });

  it("fails on a missing bundle", () => {
    const { code, lines } = gate(dir, ["nothing.js"]);
    expect(code).toBe(1);
    expect(lines).toEqual(["gate: nothing.js: no such file (run npm run build first)"]);
  });
});
