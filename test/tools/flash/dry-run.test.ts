// `npm run flash -- --dry-run`: offline, no unit. It checks, builds and writes what would be sent
// (dist/upload-preview.js, made by the espruino CLI's own -o mode), with the unit's secrets masked.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import { runFlash } from "../../../tools/flash/flash";
import { SECRET_MASK } from "../../../tools/flash/unit-json";
import { captureIo } from "./capture-io";

const REPO = path.resolve(__dirname, "../../..");
const SECRETS = { authorizationKey: "Sup3rSecretAuthKey-0042", wifi: { ssid: "depot", password: "wifi-pass-9876" }, consolePassword: "c0nsole-Pw" };

/** Runs the preview against a recording Storage: what the unit would end up with. */
function replay(preview: string): { files: { [name: string]: string }; writes: { name: string; length: number }[]; loads: unknown[] } {
  const files: { [name: string]: string } = {};
  const writes: { name: string; length: number }[] = [];
  const loads: unknown[] = [];
  const Storage = {
    write(name: string, data: string, offset?: number, size?: number) {
      writes.push({ name, length: data.length });
      if (!offset) files[name] = data + "\xff".repeat(Math.max(0, (size || data.length) - data.length));
      else files[name] = (files[name] as string).slice(0, offset) + data + (files[name] as string).slice(offset + data.length);
      return true;
    },
  };
  vm.runInNewContext(preview, {
    require: (m: string) => { if (m !== "Storage") throw new Error(m); return Storage; },
    atob: (s: string) => Buffer.from(s, "base64").toString("latin1"),
    load: (f?: string) => loads.push(f),
  });
  return { files, writes, loads };
}

describe("npm run flash -- --dry-run", () => {
  let dir: string;
  let io: ReturnType<typeof captureIo>;
  let code: number;
  const out = () => path.join(dir, "out");

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "flash-dry-"));
    const config = { ...JSON.parse(fs.readFileSync(path.join(REPO, "flash.config.json"), "utf8")), ...SECRETS, port: "tcp://192.0.2.1:23" };
    fs.writeFileSync(path.join(dir, "unit.config.json"), JSON.stringify(config));
    io = captureIo();
    code = await runFlash({ argv: ["--dry-run", "--config", path.join(dir, "unit.config.json")], root: REPO, io, outDir: path.relative(REPO, out()) });
  }, 30000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("succeeds offline and says nothing was sent", () => {
    expect(io.errors).toEqual([]);
    expect(code).toBe(0);
    expect(io.lines[io.lines.length - 1]).toBe("flash: dry run OK: nothing was sent");
    // the port in the config is a documentation address nobody answers on: it was never contacted
    expect(io.all()).not.toMatch(/connecting|Connected/);
  });

  it("writes the upload: unit.json, then .bootcde in chunks of at most 1 KB, then load()", () => {
    const preview = fs.readFileSync(path.join(out(), "upload-preview.js"), "latin1");
    const firmware = fs.readFileSync(path.join(out(), "firmware.js"), "latin1");
    const { files, writes, loads } = replay(preview);
    expect(writes[0]!.name).toBe("unit.json");
    const code = writes.filter((w) => w.name === ".bootcde");
    expect(code.length).toBe(Math.ceil(firmware.length / 1024));
    expect(Math.max(...code.map((w) => w.length))).toBeLessThanOrEqual(1024);
    expect(files[".bootcde"]).toBe(firmware); // byte for byte what the unit will boot
    expect(loads).toEqual([".bootcde"]);
    expect(Object.keys(files).sort()).toEqual([".bootcde", "unit.json"]);
  });

  it("puts the settings in unit.json with the secrets masked, and nowhere else", () => {
    const preview = fs.readFileSync(path.join(out(), "upload-preview.js"), "latin1");
    const unit = JSON.parse(replay(preview).files["unit.json"] as string);
    expect(unit.chargePointId).toBe("CP-0001");
    expect([unit.authorizationKey, unit.wifi.password, unit.consolePassword]).toEqual([SECRET_MASK, SECRET_MASK, SECRET_MASK]);
    expect(unit.wifi.ssid).toBe("depot");
    expect(JSON.parse(fs.readFileSync(path.join(out(), "upload-preview.unit.json"), "utf8"))).toEqual(unit);
  });

  it("leaves no secret in the bundle, the preview or anything else it wrote", () => {
    const secrets = [SECRETS.authorizationKey, SECRETS.wifi.password, SECRETS.consolePassword];
    for (const f of fs.readdirSync(out())) {
      const text = fs.readFileSync(path.join(out(), f), "latin1");
      const decoded = f === "upload-preview.js" ? JSON.stringify(replay(text).files) : text;
      for (const s of secrets) {
        expect([f, text.includes(s) || decoded.includes(s)]).toEqual([f, false]);
        expect([f, text.includes(Buffer.from(s).toString("base64").slice(0, 12))]).toEqual([f, false]);
      }
    }
  });

  it("tells what it wrote", () => {
    expect(io.lines.join("\n")).toMatch(/upload-preview\.js holds what would be sent to tcp:\/\/192\.0\.2\.1:23 \(unit\.json with its secrets masked, \.bootcde \d+ bytes, then load\(\)\)/);
  });
});
