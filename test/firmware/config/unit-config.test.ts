import * as fs from "fs";
import * as path from "path";
import { parseUnitConfig, validateUnitConfig, UnitConfig } from "../../../firmware/config/unit-config";
import { DEFAULT_UNIT_CONFIG } from "../../../firmware/config/default-unit";

const flashConfig = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../flash.config.json"), "utf8"));
const SECRETS = ["authorizationKey", "wifi", "consolePassword"];

/** The default config with `field` (a dotted path) set to `value`; undefined removes it. */
function withField(field: string, value: unknown): Record<string, unknown> {
  const c = JSON.parse(JSON.stringify(DEFAULT_UNIT_CONFIG));
  const parts = field.split(".");
  let o = c;
  for (const p of parts.slice(0, -1)) o = o[p];
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return c;
}

describe("flash.config.json and the compiled-in default", () => {
  test("flash.config.json is valid", () => {
    expect(validateUnitConfig(flashConfig)).toEqual([]);
  });

  test("the default mirrors flash.config.json without secrets", () => {
    const mirror = { ...flashConfig };
    for (const k of SECRETS) delete mirror[k];
    expect(DEFAULT_UNIT_CONFIG).toEqual(mirror);
    for (const k of SECRETS) expect((DEFAULT_UNIT_CONFIG as unknown as Record<string, unknown>)[k]).toBeUndefined();
  });
});

describe("validateUnitConfig", () => {
  test("the exact wording names the field, what is expected and what was found", () => {
    expect(validateUnitConfig(withField("spi.cs", 42))).toEqual(['spi.cs: expected a pin name like "D5", got 42']);
  });

  test("not an object", () => {
    for (const v of [null, [], "x", 3, undefined]) {
      const p = validateUnitConfig(v);
      expect(p.length).toBe(1);
      expect(p[0]).toMatch(/^unit config: expected an object/);
    }
  });

  test("board may be left out and defaults to ESP32", () => {
    const c = withField("board", undefined);
    expect(validateUnitConfig(c)).toEqual([]);
    expect(parseUnitConfig(c).config!.board).toBe("ESP32");
  });

  test("parseUnitConfig returns a copy, or the problems and no config", () => {
    const good = parseUnitConfig(DEFAULT_UNIT_CONFIG);
    expect(good.config).toEqual(DEFAULT_UNIT_CONFIG);
    expect(good.config).not.toBe(DEFAULT_UNIT_CONFIG);
    const bad = parseUnitConfig(withField("relay", "X"));
    expect(bad.config).toBeUndefined();
    expect(bad.problems).toEqual(['relay: expected a pin name like "D5", got "X"']);
  });

  const required = ["port", "baud", "spi", "spi.sck", "spi.miso", "spi.mosi", "spi.cs", "spi.baud", "readerReset", "led", "led.red",
    "led.green", "led.blue", "relay", "relayFeedback", "pilot", "pilot.pwm", "pilot.sense", "meter", "meter.pin",
    "meter.pulsesPerKWh", "chargePointId", "backendUrl"];
  test.each(required)("missing %s is a problem naming it", (field) => {
    const problems = validateUnitConfig(withField(field, undefined));
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toMatch(new RegExp("^" + field.replace(".", "\\.") + ": expected .*got nothing$"));
  });

  test.each(["authorizationKey", "wifi", "consolePassword", "board"])("optional %s may be absent", (field) => {
    expect(validateUnitConfig(withField(field, undefined))).toEqual([]);
  });

  test("unknown fields, at the top and inside objects", () => {
    expect(validateUnitConfig({ ...DEFAULT_UNIT_CONFIG, ledPins: 1 })).toEqual(["ledPins: unknown field"]);
    expect(validateUnitConfig(withField("spi.clock", "D1"))).toEqual(["spi.clock: unknown field"]);
    expect(validateUnitConfig(withField("wifi", { ssid: "home", password: "", hidden: true }))).toEqual(["wifi.hidden: unknown field"]);
  });

  // [field, value, expected problem (regex), ok?]
  const cases: [string, unknown, RegExp | null][] = [
    ["board", "ESP32", null],
    ["board", "", /^board: expected an Espruino board name/],
    ["board", 32, /^board: expected an Espruino board name/],
    ["port", "/dev/ttyUSB0", null],
    ["port", "/dev/cu.usbserial-0001", null],
    ["port", "COM3", null],
    ["port", "tcp://192.168.1.50:23", null],
    ["port", "tcp://unit.local:2323", null],
    ["port", "ttyUSB0", /^port: expected a serial device path/],
    ["port", "tcp://host", /^port: expected/],
    ["port", "tcp://:23", /^port: expected/],
    ["port", "tcp://host:99999", /^port: expected/],
    ["port", "COM", /^port: expected/],
    ["port", 3, /^port: expected .*got 3$/],
    ["baud", 115200, null],
    ["baud", 9600, null],
    ["baud", "115200", /^baud: expected a whole baud rate .*got "115200"$/],
    ["baud", 0, /^baud: /],
    ["baud", 115200.5, /^baud: /],
    ["spi", "D18", /^spi: expected an object with sck, miso, mosi, cs, baud, got "D18"$/],
    ["spi.baud", 1000000, null],
    ["spi.baud", 20000000, /^spi\.baud: expected a whole clock rate .*10 MHz/],
    ["spi.sck", "d18", /^spi\.sck: expected a pin name like "D5", got "d18"$/],
    ["spi.sck", "D018", /^spi\.sck: expected a pin name/],
    ["spi.sck", "D", /^spi\.sck: expected a pin name/],
    ["led.red", "D34", /^led\.red: D34 cannot be used as an output: D34 is input-only on the ESP32$/],
    ["relay", "D6", /^relay: D6 cannot be used as an output: D6 is wired to the SPI flash$/],
    ["readerReset", "D1", /^readerReset: D1 cannot be used as an output: D1 is the serial console/],
    ["relayFeedback", "D20", /^relayFeedback: D20 cannot be used as an input: the ESP32 has no GPIO 20$/],
    ["relayFeedback", "D39", null],
    ["meter.pin", "D40", /^meter\.pin: .*no GPIO 40/],
    ["meter.pin", "A0", /^meter\.pin: A0 cannot be used as an input: ESP32 pins are named D0-D39$/],
    ["pilot.sense", "D13", /^pilot\.sense: D13 cannot be used as an analog input: D13 has no ADC1 channel/],
    ["pilot.sense", "D36", null],
    ["pilot.pwm", "D4", null],
    ["meter.pulsesPerKWh", 800, null],
    ["meter.pulsesPerKWh", 0, /^meter\.pulsesPerKWh: expected a whole number/],
    ["meter.pulsesPerKWh", 1.5, /^meter\.pulsesPerKWh: /],
    ["chargePointId", "CP-0001", null],
    ["chargePointId", "a", null],
    ["chargePointId", "Z".repeat(20), null],
    ["chargePointId", "cp_1.a@b+c|d=e*f", null],
    ["chargePointId", "", /^chargePointId: expected 1 to 20 characters .*got ""$/],
    ["chargePointId", "Z".repeat(21), /^chargePointId: /],
    ["chargePointId", "CP 1", /^chargePointId: /],
    ["chargePointId", "CP:1", /^chargePointId: /],
    ["chargePointId", "CP/1", /^chargePointId: /],
    ["chargePointId", "CP\u00e91", /^chargePointId: /],
    ["chargePointId", 1001, /^chargePointId: .*got 1001$/],
    ["backendUrl", "ws://cs", null],
    ["backendUrl", "wss://cs.example.com:443/ocpp/", null],
    ["backendUrl", "ws://10.0.0.1:9000", null],
    ["backendUrl", "http://cs.example.com/ocpp", /^backendUrl: expected a ws:\/\/ or wss:\/\/ URL/],
    ["backendUrl", "ws://", /^backendUrl: /],
    ["backendUrl", "ws://:9000/ocpp", /^backendUrl: /],
    ["backendUrl", "ws://cs:0/ocpp", /^backendUrl: /],
    ["backendUrl", "ws://cs:abc/ocpp", /^backendUrl: /],
    ["backendUrl", "wss://cs/oc pp", /^backendUrl: /],
    ["backendUrl", ["ws://cs"], /^backendUrl: .*got an array$/],
    ["authorizationKey", "00112233445566778899AABBCCDDEEFF", null],
    ["authorizationKey", "00112233445566778899aabbccddeeff00112233", null],
    ["authorizationKey", "sixteen-chars-pw", null],
    ["authorizationKey", "short-password", /^authorizationKey: expected 32 to 40 hex digits .*got a 14-character string$/],
    ["authorizationKey", "x".repeat(41), /^authorizationKey: .*got a 41-character string$/],
    ["authorizationKey", "has a space inside it", /^authorizationKey: /],
    ["authorizationKey", 1234567890123456, /^authorizationKey: /],
    ["wifi", { ssid: "home", password: "correct horse" }, null],
    ["wifi", { ssid: "cafe", password: "" }, null],
    ["wifi", { ssid: "h", password: "f".repeat(64) }, null],
    ["wifi", "home", /^wifi: expected an object with ssid, password, got "home"$/],
    ["wifi", { ssid: "", password: "12345678" }, /^wifi\.ssid: expected a network name of 1 to 32 characters/],
    ["wifi", { ssid: "s".repeat(33), password: "12345678" }, /^wifi\.ssid: /],
    ["wifi", { ssid: "home", password: "1234567" }, /^wifi\.password: .*got a 7-character string$/],
    ["wifi", { ssid: "home" }, /^wifi\.password: .*got nothing$/],
    ["consolePassword", "s3cret", null],
    ["consolePassword", "", /^consolePassword: expected 1 to 20 printable ASCII/],
    ["consolePassword", "x".repeat(20), null],
    ["consolePassword", "x".repeat(21), /^consolePassword: expected 1 to 20 .*got a 21-character string$/],
    ["consolePassword", "two words", /^consolePassword: .*got a 9-character string$/],
  ];
  test.each(cases)("%s = %j", (field, value, problem) => {
    const problems = validateUnitConfig(withField(field, value));
    if (problem === null) expect(problems).toEqual([]);
    else {
      expect(problems.length).toBe(1);
      expect(problems[0]).toMatch(problem);
    }
  });

  test("secrets are never repeated in a problem", () => {
    const secret = "Secret-Value";
    const c = { ...withField("authorizationKey", secret), wifi: { ssid: "x", password: "Secret" }, consolePassword: "Secret Pw" };
    const problems = validateUnitConfig(c);
    expect(problems.length).toBe(3);
    for (const p of problems) expect(p).not.toMatch(/Secret/);
  });

  test("a pin used twice is named with the field that has it first", () => {
    expect(validateUnitConfig(withField("relayFeedback", "D32"))).toEqual(["relayFeedback: pin D32 is already used by relay"]);
    expect(validateUnitConfig(withField("led.green", "D25"))).toEqual(["led.green: pin D25 is already used by led.red"]);
    expect(validateUnitConfig(withField("meter.pin", "D19"))).toEqual(["meter.pin: pin D19 is already used by spi.miso"]);
  });

  test("another board: pins are checked for form and reuse only", () => {
    const c: UnitConfig = JSON.parse(JSON.stringify(DEFAULT_UNIT_CONFIG));
    c.board = "PICO_R1_3";
    c.led = { red: "A5", green: "A6", blue: "B3" };
    c.pilot.sense = "A0";
    c.relay = "D6";
    expect(validateUnitConfig(c)).toEqual([]);
    c.relayFeedback = "A0";
    expect(validateUnitConfig(c)).toEqual(["pilot.sense: pin A0 is already used by relayFeedback"]);
  });

  test("every problem is reported, not just the first", () => {
    const c = { ...DEFAULT_UNIT_CONFIG, baud: "fast", chargePointId: "", backendUrl: "ftp://x", extra: 1 };
    const problems = validateUnitConfig(c);
    expect(problems.map((p) => p.split(":")[0])).toEqual(["extra", "baud", "chargePointId", "backendUrl"]);
  });
});
