// Config validation through `npm run flash` itself: every field, JSON syntax errors, the board file.
// A bad config prints one line per problem naming the field, exits 2, and builds and sends nothing.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runFlash } from "../../../tools/flash/flash";
import { captureIo } from "./capture-io";

const REPO = path.resolve(__dirname, "../../..");
const GOOD = JSON.parse(fs.readFileSync(path.join(REPO, "flash.config.json"), "utf8"));

describe("npm run flash: the config is checked before anything else", () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "flash-config-")); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function flashWith(text: string, extra: string[] = []) {
    const file = path.join(dir, "unit.config.json");
    fs.writeFileSync(file, text);
    const io = captureIo();
    const code = await runFlash({ argv: ["--config", file, ...extra], root: REPO, io, outDir: path.relative(REPO, path.join(dir, "out")) });
    return { code, io, built: fs.existsSync(path.join(dir, "out")) };
  }

  function withField(dotted: string, value: unknown): string {
    const c = JSON.parse(JSON.stringify(GOOD));
    const parts = dotted.split(".");
    let o = c;
    for (const p of parts.slice(0, -1)) o = o[p];
    if (value === undefined) delete o[parts[parts.length - 1] as string];
    else o[parts[parts.length - 1] as string] = value;
    return JSON.stringify(c, null, 2);
  }

  const fields: [string, unknown, RegExp][] = [
    ["board", 5, /^board: expected an Espruino board name/],
    ["board", "PICO_R1_3", /^board: no local board file for "PICO_R1_3" .*boards with one: ESP32/],
    ["port", "ttyUSB0", /^port: expected a serial device path .* or "tcp:\/\/host:port", got "ttyUSB0"/],
    ["port", "tcp://unit.local", /^port: expected .*got "tcp:\/\/unit.local"/],
    ["baud", "115200", /^baud: expected a whole baud rate from 1200 to 4000000 .*got "115200"/],
    ["baud", undefined, /^baud: .*got nothing/],
    ["spi", "D18", /^spi: expected an object with sck, miso, mosi, cs, baud/],
    ["spi.sck", "18", /^spi\.sck: expected a pin name like "D5", got "18"/],
    ["spi.miso", "D6", /^spi\.miso: D6 cannot be used as an input: D6 is wired to the SPI flash/],
    ["spi.mosi", "D34", /^spi\.mosi: D34 cannot be used as an output: D34 is input-only/],
    ["spi.cs", "D1", /^spi\.cs: D1 cannot be used as an output: D1 is the serial console/],
    ["spi.baud", 20000000, /^spi\.baud: expected a whole clock rate from 100000 to 10000000 Hz/],
    ["readerReset", "D5", /^readerReset: pin D5 is already used by spi\.cs/],
    ["led", undefined, /^led: expected an object with red, green, blue, got nothing/],
    ["led.red", "D20", /^led\.red: D20 cannot be used as an output: the ESP32 has no GPIO 20/],
    ["led.green", "B3", /^led\.green: B3 cannot be used as an output: ESP32 pins are named D0-D39/],
    ["led.blue", null, /^led\.blue: expected a pin name like "D5", got null/],
    ["relay", "D39", /^relay: D39 cannot be used as an output/],
    ["relayFeedback", "D18", /^relayFeedback: pin D18 is already used by spi\.sck/],
    ["pilot", [], /^pilot: expected an object with pwm, sense, got an array/],
    ["pilot.pwm", "D36", /^pilot\.pwm: D36 cannot be used as an output/],
    ["pilot.sense", "D4", /^pilot\.sense: D4 cannot be used as an analog input: D4 has no ADC1 channel/],
    ["meter", 1, /^meter: expected an object with pin, pulsesPerKWh/],
    ["meter.pin", "D99", /^meter\.pin: expected a pin name like "D5", got "D99"|^meter\.pin: D99 cannot/],
    ["meter.pulsesPerKWh", 0, /^meter\.pulsesPerKWh: expected a whole number of pulses per kWh from 1 to 100000/],
    ["chargePointId", "CP 1", /^chargePointId: expected 1 to 20 characters from A-Z a-z 0-9/],
    ["chargePointId", "", /^chargePointId: /],
    ["backendUrl", "http://cs.example.com/ocpp", /^backendUrl: expected a ws:\/\/ or wss:\/\/ URL/],
    ["authorizationKey", "short", /^authorizationKey: expected 32 to 40 hex digits .*got a 5-character string$/],
    ["wifi", "home", /^wifi: expected an object with ssid, password, got "home"/],
    ["wifi", { ssid: "", password: "12345678" }, /^wifi\.ssid: expected a network name of 1 to 32 characters/],
    ["wifi", { ssid: "home", password: "1234567" }, /^wifi\.password: .*got a 7-character string$/],
    ["consolePassword", "x".repeat(21), /^consolePassword: expected 1 to 20 printable ASCII characters .*got a 21-character string$/],
    ["colour", "red", /^colour: unknown field/],
  ];

  test.each(fields)("%s = %j", async (field, value, expected) => {
    const { code, io, built } = await flashWith(withField(field, value));
    expect(code).toBe(2);
    expect(io.errors[0]).toMatch(/unit\.config\.json: 1 problem; nothing was flashed:$/);
    expect(io.errors.slice(1).map((l) => l.trim())).toEqual([expect.stringMatching(expected)]);
    expect(built).toBe(false);
  });

  it("lists every problem of a file, one line each", async () => {
    const c = { ...GOOD, baud: "fast", relay: "D5", chargePointId: "", extra: 1 };
    const { code, io } = await flashWith(JSON.stringify(c));
    expect(code).toBe(2);
    expect(io.errors[0]).toMatch(/4 problems; nothing was flashed:$/);
    const fieldsNamed = io.errors.slice(1).map((l) => l.trim().split(":")[0]);
    expect(fieldsNamed.sort()).toEqual(["baud", "chargePointId", "extra", "relay"]);
  });

  it("names the line and column of a JSON syntax error", async () => {
    const text = JSON.stringify(GOOD, null, 2).replace('"baud": 115200,', '"baud": 115200');
    const line = text.split("\n").findIndex((l) => l.includes('"spi"')) + 1;
    const { code, io, built } = await flashWith(text);
    expect(code).toBe(2);
    expect(io.errors[1]).toMatch(new RegExp(`unit\\.config\\.json:${line}:3: expected ',' or '}' after the value, found '"' \\(a missing comma\\?\\)`));
    expect(built).toBe(false);
  });

  it("reports a missing config file and says how to name another", async () => {
    const io = captureIo();
    const code = await runFlash({ argv: ["--config", path.join(dir, "nope.json")], root: REPO, io });
    expect(code).toBe(2);
    expect(io.errors[1]).toMatch(/nope\.json: cannot read it \(no such file\); pass the unit's settings file with --config FILE/);
  });

  it("checks --port like the config's port", async () => {
    const { code, io } = await flashWith(JSON.stringify(GOOD), ["--port", "usb0"]);
    expect(code).toBe(2);
    expect(io.errors[1]).toMatch(/^ *--port: expected a serial device path/);
  });

  it("rejects unknown options and impossible combinations with the usage", async () => {
    for (const argv of [["--flsh"], ["--status", "--dry-run"], ["--yes"], ["--config"]]) {
      const io = captureIo();
      expect(await runFlash({ argv, root: REPO, io })).toBe(2);
      expect(io.errors[0]).toMatch(/^flash: /);
      expect(io.errors).toContain("usage: npm run flash -- [options]");
    }
  });
});
