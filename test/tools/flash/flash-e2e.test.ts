// End to end: `npm run flash` (in-process) drives the real espruino CLI (child processes) over
// tcp://127.0.0.1:PORT to the stand-in device: an Espruino console whose interpreter is the Espruino
// shim on a simulated ESP32 with its own flash. It proves the upload lands in the unit's Storage,
// the unit boots it, the tool reads the unit's state back, and the files other than the code and
// settings survive a flash (and only --factory-reset removes them).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PersistentQueue } from "../../../firmware/ocpp/queue/persistent-queue";
import { SimStorage } from "../../../hal/sim/storage";
import { BOARDS_DIR } from "../../../tools/flash/board-file";
import { baseArgs, runEspruinoCli } from "../../../tools/flash/espruino-cli";
import { runFlash } from "../../../tools/flash/flash";
import { probeExpression } from "../../../tools/flash/probe";
import { createStandIn, type StandIn } from "../../../tools/flash/stand-in-device";
import { captureIo } from "./capture-io";

const REPO = path.resolve(__dirname, "../../..");
const GOOD = JSON.parse(fs.readFileSync(path.join(REPO, "flash.config.json"), "utf8"));
const SECRETS = { authorizationKey: "0123456789abcdef0123456789abcdef", wifi: { ssid: "depot", password: "wifi-pass-9876" }, consolePassword: "Unl0ck-Me" };
// the per-chunk pause the CLI makes for slow serial links only makes the test slower
const FAST = ["STORAGE_UPLOAD_METHOD=1"];

function latin1(b: Uint8Array | undefined): string | undefined {
  return b ? Buffer.from(b).toString("latin1") : undefined;
}

/** Files a unit in service holds besides its code: allowlist, cache, OCPP keys, queued transactions. */
function unitInService(storage: SimStorage): void {
  const q = new PersistentQueue(storage, "txq");
  q.open();
  q.push(1, '{"action":"StartTransaction","idTag":"04A1B2C3D4E5F6"}');
  q.push(2, '{"action":"StopTransaction","transactionId":7}');
  storage.write("al.base", new Uint8Array(3000).map((_, i) => (i * 7) & 0xff));
  storage.write("al.j1", "journal entry 1");
  storage.write("authcache", new Uint8Array(512).fill(0x42));
  storage.write("ocpp.cfg", '{"AuthorizationRequired":true,"ConnectionTimeOut":45}');
  storage.write("unit.json", JSON.stringify({ ...GOOD, chargePointId: "OLD-ID" }));
  storage.write(".bootcde", '(function(){E.on("init",function(){global.FIRMWARE_VERSION="0.0.9";});})();');
}

function snapshot(storage: SimStorage, except: string[]): { [name: string]: string } {
  const out: { [name: string]: string } = {};
  for (const n of storage.list()) if (except.indexOf(n) < 0) out[n] = latin1(storage.read(n)) as string;
  return out;
}

describe("npm run flash to a stand-in unit over TCP", () => {
  let dir: string;
  let unit: StandIn;
  let port: number;
  let kept: { [name: string]: string };
  const outDir = () => path.relative(REPO, path.join(dir, "out"));

  function writeConfig(name: string, changes: object): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify({ ...GOOD, ...SECRETS, port: `tcp://127.0.0.1:${port}`, ...changes }, null, 2));
    return file;
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "flash-e2e-"));
    const storage = new SimStorage();
    unitInService(storage);
    unit = createStandIn({ storage });
    port = await unit.device.listen(0);
    kept = snapshot(storage, [".bootcde", "unit.json"]);
  });
  afterAll(async () => {
    if (unit) await unit.device.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("uploads the code and the settings, boots them, verifies them, and keeps every other file", async () => {
    expect(unit.unit.shim()!.global("FIRMWARE_VERSION")).toBe("0.0.9"); // the old firmware runs
    const bootsBefore = unit.device.boots;
    const io = captureIo();
    const code = await runFlash({ argv: ["--config", writeConfig("unit.json", {})], root: REPO, io, outDir: outDir(), uploadConfig: FAST });
    expect(io.errors).toEqual([]);
    expect(code).toBe(0);
    expect(io.lines[io.lines.length - 1]).toMatch(new RegExp(`^flash: OK CP-0001 firmware 0\\.1\\.0 on ESP32 \\(\\d+ bytes, tcp://127\\.0\\.0\\.1:${port}\\)$`));
    expect(io.lines).toContain("flash: found ESP32 running Espruino 2v29, unit OLD-ID, firmware 0.0.9");

    const storage = unit.device.storage;
    const firmware = fs.readFileSync(path.join(dir, "out", "firmware.js"), "latin1");
    expect(latin1(storage.read(".bootcde"))).toBe(firmware);
    const settings = JSON.parse(latin1(storage.read("unit.json")) as string);
    expect(settings).toEqual({ ...GOOD, ...SECRETS, port: `tcp://127.0.0.1:${port}` });
    expect(snapshot(storage, [".bootcde", "unit.json"])).toEqual(kept);
    const queue = new PersistentQueue(storage, "txq");
    queue.open();
    expect(queue.pending().map((m) => m.kind)).toEqual([1, 2]);

    // the unit restarted into the new code (load() after the upload), which locked the console again
    expect(unit.device.boots).toBeGreaterThan(bootsBefore);
    expect(unit.unit.shim()!.global("FIRMWARE_VERSION")).toBe("0.1.0");
    expect(unit.device.console.locked).toBe(true);
    expect(io.lines).toContain(`flash: console unlocked on tcp://127.0.0.1:${port}`);
    // progress, a line per tenth in a log
    const pct = io.lines.filter((l) => l.startsWith("upload [")).map((l) => parseInt(/(\d+)%/.exec(l)![1] as string, 10));
    expect(pct.length).toBeGreaterThanOrEqual(8);
    expect(pct[pct.length - 1]).toBe(100);
    expect([...pct].sort((a, b) => a - b)).toEqual(pct);
  }, 30000);

  it("--status unlocks the unit, reports it, and locks it again", async () => {
    const io = captureIo();
    const code = await runFlash({ argv: ["--status", "--config", writeConfig("unit.json", {})], root: REPO, io, outDir: outDir() });
    expect(io.errors).toEqual([]);
    expect(code).toBe(0);
    expect(io.lines).toContain(`unit on tcp://127.0.0.1:${port}: ESP32, Espruino 2v29`);
    expect(io.lines.join("\n")).toMatch(/\[x\] firmware version +0\.1\.0/);
    expect(io.lines.join("\n")).toMatch(/code \(\.bootcde\) +\d+ bytes/);
    expect(unit.device.console.locked).toBe(true);
  }, 15000);

  it("stops at a wrong console password, or a locked unit and no password", async () => {
    const wrong = captureIo();
    expect(await runFlash({ argv: ["--status", "--config", writeConfig("wrong.json", { consolePassword: "not-it" })], root: REPO, io: wrong })).toBe(1);
    expect(wrong.errors[0]).toBe("flash: FAILED: the console password in the config is not the unit's (Invalid password)");
    const none = captureIo();
    const noPassword = { ...GOOD, port: `tcp://127.0.0.1:${port}` };
    fs.writeFileSync(path.join(dir, "none.json"), JSON.stringify(noPassword));
    expect(await runFlash({ argv: ["--status", "--config", path.join(dir, "none.json")], root: REPO, io: none })).toBe(1);
    expect(none.errors[0]).toBe("flash: FAILED: the unit's console is locked with a password");
    expect(none.errors.join("\n")).toMatch(/what to do: set `consolePassword` in the config/);
  }, 20000);

  it("--factory-reset asks, and erases nothing when the answer is not the unit's id", async () => {
    const io = captureIo("CP-9999");
    const before = snapshot(unit.device.storage, []);
    const code = await runFlash({ argv: ["--factory-reset", "--config", writeConfig("unit.json", {})], root: REPO, io, outDir: outDir() });
    expect(code).toBe(1);
    expect(io.questions[0]).toMatch(/erases the allowlist, the authorization cache, unsent transactions and the OCPP settings .* Type the unit's chargePointId \(CP-0001\) to confirm: $/);
    expect(io.errors[0]).toBe('flash: FAILED: not confirmed (typed "CP-9999", expected CP-0001); nothing was erased or flashed');
    expect(snapshot(unit.device.storage, [])).toEqual(before);
  }, 15000);

  it("--factory-reset --yes leaves only the new code and settings", async () => {
    const io = captureIo();
    const code = await runFlash({ argv: ["--factory-reset", "--yes", "--config", writeConfig("unit.json", {})], root: REPO, io, outDir: outDir(), uploadConfig: FAST });
    expect(io.errors).toEqual([]);
    expect(code).toBe(0);
    expect(io.lines).toContain(`flash: factory reset: ${Object.keys(kept).length} files erased (kept .bootcde and unit.json)`);
    expect(unit.device.storage.list().sort()).toEqual([".bootcde", "unit.json"]);
    expect(io.lines[io.lines.length - 1]).toMatch(/^flash: OK CP-0001 firmware 0\.1\.0 on ESP32/);
  }, 30000);
});

describe("npm run flash refuses a unit it should not write to, before writing anything", () => {
  const cases: [string, { board?: string; espruino?: string; pages?: number }, RegExp, string][] = [
    ["another board", { board: "ESPRUINOWIFI" }, /^flash: FAILED: the unit is a ESPRUINOWIFI, the config says ESP32$/, "board-mismatch"],
    ["an interpreter without Storage", { espruino: "1v95" }, /^flash: FAILED: the unit runs Espruino 1v95, older than 1v96/, "pre-1v96"],
    ["an interpreter too old for the bundle", { espruino: "2v10" }, /^flash: FAILED: the unit runs Espruino 2v10; this firmware needs 2v20 or newer$/, "too-old"],
    ["a unit without room", { pages: 2 }, /^flash: FAILED: the unit has room for \d+ bytes, the firmware and settings need \d+; nothing was written$/, "space"],
  ];

  it.each(cases)("%s", async (_name, settings, message) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flash-refuse-"));
    const storage = new SimStorage(settings.pages ? { pages: settings.pages } : undefined);
    storage.write("al.base", "allowlist");
    const unit = createStandIn({ storage, board: settings.board, espruino: settings.espruino });
    try {
      const port = await unit.device.listen(0);
      const file = path.join(dir, "c.json");
      fs.writeFileSync(file, JSON.stringify({ ...GOOD, port: `tcp://127.0.0.1:${port}` }));
      const io = captureIo();
      const code = await runFlash({ argv: ["--config", file], root: REPO, io, outDir: path.relative(REPO, path.join(dir, "out")) });
      expect(code).toBe(1);
      expect(io.errors[0]).toMatch(message);
      expect(storage.list()).toEqual(["al.base"]);
    } finally {
      await unit.device.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 20000);
});

describe("the console password", () => {
  it("is typed only at a password> prompt: an open console would run it as JavaScript", async () => {
    let typed = "";
    const open = createStandIn({ trace: (direction, t) => { if (direction === "in") typed += t; } });
    try {
      const port = await open.device.listen(0);
      const result = await runEspruinoCli([...baseArgs(`tcp://127.0.0.1:${port}`, 115200, path.join(BOARDS_DIR, "ESP32.json")), "-e", probeExpression(false)],
        { timeoutMs: 15000, consolePassword: "reset(true)" });
      expect(result.unlock).toBe("not-locked");
      expect(typed).not.toContain("reset(true)");
      expect(result.output).toContain("FLASHPROBE:");
    } finally {
      await open.device.close();
    }
  }, 15000);
});
