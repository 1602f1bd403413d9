import { BoardPinMap } from "../../hal/board";

/**
 * The unit's own settings: pin map, serial port for flashing, identity and backend.
 * Kept in flash.config.json on the workstation and in the unit's `unit.json`; checked at boot,
 * so the checks are device-safe and parse by hand.
 */
export interface UnitConfig extends BoardPinMap {
  /** Espruino board name; "ESP32" (the default) also gets ESP32 pin checks. */
  board: string;
  /** Serial device path (/dev/ttyUSB0, COM3) or tcp://host:port, for flashing. */
  port: string;
  baud: number;
  meter: { pin: string; pulsesPerKWh: number };
  /** OCPP identity: the last path segment of the websocket URL and the basic-auth user name. */
  chargePointId: string;
  backendUrl: string;
  /** OCPP security profile 1/2 basic-auth password (AuthorizationKey). */
  authorizationKey?: string;
  wifi?: { ssid: string; password: string };
  /** Locks the Espruino console at boot (E.setPassword + E.lockConsole). At most 20 characters: the
   *  interpreter's password prompt keeps only the first 20 typed. */
  consolePassword?: string;
}

export const DEFAULT_BOARD = "ESP32";
/** Espruino's locked console keeps at most 20 typed characters (jsinteractive.c), so a longer password could never be entered. */
export const CONSOLE_PASSWORD_MAX = 20;

const TOP_FIELDS = ["board", "port", "baud", "spi", "readerReset", "led", "relay", "relayFeedback", "pilot", "meter",
  "chargePointId", "backendUrl", "authorizationKey", "wifi", "consolePassword"];
const SPI_FIELDS = ["sck", "miso", "mosi", "cs", "baud"];
const LED_FIELDS = ["red", "green", "blue"];
const PILOT_FIELDS = ["pwm", "sense"];
const METER_FIELDS = ["pin", "pulsesPerKWh"];
const WIFI_FIELDS = ["ssid", "password"];

type PinRole = "output" | "input" | "analog";

/** Every pin field, with what the board does with it. */
const PIN_FIELDS: { path: string[]; role: PinRole }[] = [
  { path: ["spi", "sck"], role: "output" },
  { path: ["spi", "miso"], role: "input" },
  { path: ["spi", "mosi"], role: "output" },
  { path: ["spi", "cs"], role: "output" },
  { path: ["readerReset"], role: "output" },
  { path: ["led", "red"], role: "output" },
  { path: ["led", "green"], role: "output" },
  { path: ["led", "blue"], role: "output" },
  { path: ["relay"], role: "output" },
  { path: ["relayFeedback"], role: "input" },
  { path: ["pilot", "pwm"], role: "output" },
  { path: ["pilot", "sense"], role: "analog" },
  { path: ["meter", "pin"], role: "input" },
];

const PIN_EXPECTED = "a pin name like \"D5\"";
/** OCPP identity characters (OCPP identifierString without ':', which basic auth reserves). */
const IDENTITY_CHARS = "*-_=+|@.";

function show(v: any): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return "an array";
  return "an object";
}

function isObject(v: any): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isPrintable(s: string, allowSpace: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 126 || c < (allowSpace ? 32 : 33)) return false;
  }
  return true;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i).toLowerCase();
    if ("0123456789abcdef".indexOf(c) < 0) return false;
  }
  return true;
}

function isInteger(v: any, min: number, max: number): boolean {
  return typeof v === "number" && Math.floor(v) === v && v >= min && v <= max;
}

/** "D5" -> 5, or -1 if not an uppercase letter followed by a number. */
function pinNumber(name: string): number {
  if (name.length < 2 || name.length > 4) return -1;
  const c = name.charCodeAt(0);
  if (c < 65 || c > 90) return -1;
  const digits = name.substring(1);
  if (!isDigits(digits) || (digits.length > 1 && digits.charAt(0) === "0")) return -1;
  return parseInt(digits, 10);
}

/** Why an ESP32 GPIO cannot take this role, or "" if it can. */
function esp32PinProblem(n: number, role: PinRole): string {
  if (n === 1 || n === 3) return "D" + n + " is the serial console (UART0)";
  if (n >= 6 && n <= 11) return "D" + n + " is wired to the SPI flash";
  if (n < 0 || n > 39 || n === 20 || n === 24 || (n >= 28 && n <= 31)) return "the ESP32 has no GPIO " + n;
  if (role === "output" && n >= 34) return "D" + n + " is input-only on the ESP32";
  if (role === "analog" && n < 32) return "D" + n + " has no ADC1 channel (ADC1 is D32-D39; ADC2 does not work with Wi-Fi on)";
  return "";
}

function checkPort(v: any, problems: string[]): void {
  const expected = "expected a serial device path (e.g. \"/dev/ttyUSB0\", \"COM3\") or \"tcp://host:port\", got " + show(v);
  if (typeof v !== "string") { problems.push("port: " + expected); return; }
  if (v.indexOf("tcp://") === 0) {
    const rest = v.substring(6);
    const colon = rest.lastIndexOf(":");
    const host = colon > 0 ? rest.substring(0, colon) : "";
    const port = colon > 0 ? rest.substring(colon + 1) : "";
    if (host.length === 0 || !isPrintable(host, false) || !isDigits(port) || !isInteger(parseInt(port, 10), 1, 65535)) {
      problems.push("port: " + expected);
    }
    return;
  }
  const isDevice = v.length > 1 && v.charAt(0) === "/" && isPrintable(v, false);
  const isCom = v.length > 3 && v.substring(0, 3).toUpperCase() === "COM" && isDigits(v.substring(3));
  if (!isDevice && !isCom) problems.push("port: " + expected);
}

function checkBackendUrl(v: any, problems: string[]): void {
  const expected = "expected a ws:// or wss:// URL such as \"wss://backend.example.com/ocpp\", got " + show(v);
  if (typeof v !== "string") { problems.push("backendUrl: " + expected); return; }
  let rest = "";
  if (v.indexOf("ws://") === 0) rest = v.substring(5);
  else if (v.indexOf("wss://") === 0) rest = v.substring(6);
  else { problems.push("backendUrl: " + expected); return; }
  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.substring(0, slash);
  const colon = authority.lastIndexOf(":");
  const host = colon < 0 ? authority : authority.substring(0, colon);
  const port = colon < 0 ? "" : authority.substring(colon + 1);
  const portOk = colon < 0 || (isDigits(port) && isInteger(parseInt(port, 10), 1, 65535));
  if (host.length === 0 || !portOk || !isPrintable(rest, false) || v.length > 512) problems.push("backendUrl: " + expected);
}

function checkChargePointId(v: any, problems: string[]): void {
  let ok = typeof v === "string" && v.length >= 1 && v.length <= 20;
  if (ok) {
    for (let i = 0; i < v.length; i++) {
      const c = v.charAt(i);
      const alnum = (c >= "0" && c <= "9") || (c >= "A" && c <= "Z") || (c >= "a" && c <= "z");
      if (!alnum && IDENTITY_CHARS.indexOf(c) < 0) ok = false;
    }
  }
  if (!ok) {
    problems.push("chargePointId: expected 1 to 20 characters from A-Z a-z 0-9 " + IDENTITY_CHARS.split("").join(" ") +
      " (OCPP charge point identity), got " + show(v));
  }
}

/** Secrets: the problem says what is wrong without repeating the value. */
function secretShape(v: any): string {
  return typeof v === "string" ? "a " + v.length + "-character string" : show(v);
}

function checkAuthorizationKey(v: any, problems: string[]): void {
  if (v === undefined) return;
  const hexKey = typeof v === "string" && isHex(v) && v.length % 2 === 0 && v.length >= 32 && v.length <= 40;
  const password = typeof v === "string" && v.length >= 16 && v.length <= 40 && isPrintable(v, false);
  if (!hexKey && !password) {
    problems.push("authorizationKey: expected 32 to 40 hex digits (an OCPP 1.6 AuthorizationKey of 16 to 20 bytes) " +
      "or a password of 16 to 40 printable ASCII characters without spaces, got " + secretShape(v));
  }
}

function checkUnknown(obj: any, known: string[], prefix: string, problems: string[]): void {
  for (const k in obj) {
    if (Object.prototype.hasOwnProperty.call(obj, k) && known.indexOf(k) < 0) problems.push(prefix + k + ": unknown field");
  }
}

function checkObject(parent: any, name: string, known: string[], problems: string[]): any {
  const v = parent[name];
  if (!isObject(v)) {
    problems.push(name + ": expected an object with " + known.join(", ") + ", got " + show(v));
    return undefined;
  }
  checkUnknown(v, known, name + ".", problems);
  return v;
}

/**
 * Problems with a unit configuration, one line each naming the field and what it expects;
 * empty when it is usable. `board` may be left out (it defaults to "ESP32").
 */
export function validateUnitConfig(value: any): string[] {
  const problems: string[] = [];
  if (!isObject(value)) return ["unit config: expected an object, got " + show(value)];
  checkUnknown(value, TOP_FIELDS, "", problems);

  const board = value.board === undefined ? DEFAULT_BOARD : value.board;
  if (typeof board !== "string" || board.length === 0 || board.length > 32 || !isPrintable(board, false)) {
    problems.push("board: expected an Espruino board name such as \"ESP32\", got " + show(value.board));
  }
  checkPort(value.port, problems);
  if (!isInteger(value.baud, 1200, 4000000)) {
    problems.push("baud: expected a whole baud rate from 1200 to 4000000 (e.g. 115200), got " + show(value.baud));
  }

  const spi = checkObject(value, "spi", SPI_FIELDS, problems);
  if (spi && !isInteger(spi.baud, 100000, 10000000)) {
    problems.push("spi.baud: expected a whole clock rate from 100000 to 10000000 Hz (the MFRC522 allows up to 10 MHz), got " + show(spi.baud));
  }
  checkObject(value, "led", LED_FIELDS, problems);
  checkObject(value, "pilot", PILOT_FIELDS, problems);
  const meter = checkObject(value, "meter", METER_FIELDS, problems);
  if (meter && !isInteger(meter.pulsesPerKWh, 1, 100000)) {
    problems.push("meter.pulsesPerKWh: expected a whole number of pulses per kWh from 1 to 100000 (e.g. 1000), got " + show(meter.pulsesPerKWh));
  }

  // pins: form, board capability, and no pin used twice
  const isEsp32 = board === DEFAULT_BOARD;
  const seenPins: string[] = [];
  const seenBy: string[] = [];
  for (let i = 0; i < PIN_FIELDS.length; i++) {
    const f = PIN_FIELDS[i] as { path: string[]; role: PinRole };
    const parent = f.path.length === 1 ? value : value[f.path[0] as string];
    if (!isObject(parent)) continue; // already reported
    const v = parent[f.path[f.path.length - 1] as string];
    const field = f.path.join(".");
    const n = typeof v === "string" ? pinNumber(v) : -1;
    if (n < 0) {
      problems.push(field + ": expected " + PIN_EXPECTED + ", got " + show(v));
      continue;
    }
    if (isEsp32) {
      const why = v.charAt(0) !== "D" ? "ESP32 pins are named D0-D39" : esp32PinProblem(n, f.role);
      if (why) {
        problems.push(field + ": " + v + " cannot be used as " + (f.role === "analog" ? "an analog input" : "an " + f.role) + ": " + why);
        continue;
      }
    }
    const used = seenPins.indexOf(v);
    if (used >= 0) problems.push(field + ": pin " + v + " is already used by " + seenBy[used]);
    else {
      seenPins.push(v);
      seenBy.push(field);
    }
  }

  checkChargePointId(value.chargePointId, problems);
  checkBackendUrl(value.backendUrl, problems);
  checkAuthorizationKey(value.authorizationKey, problems);
  if (value.wifi !== undefined) {
    const wifi = checkObject(value, "wifi", WIFI_FIELDS, problems);
    if (wifi) {
      const ssid = wifi.ssid;
      if (typeof ssid !== "string" || ssid.length < 1 || ssid.length > 32) {
        problems.push("wifi.ssid: expected a network name of 1 to 32 characters, got " + show(ssid));
      }
      const pw = wifi.password;
      if (typeof pw !== "string" || !((pw.length >= 8 && pw.length <= 63 && isPrintable(pw, true)) || pw.length === 0 || (pw.length === 64 && isHex(pw)))) {
        problems.push("wifi.password: expected \"\" (open network), a WPA2 passphrase of 8 to 63 printable characters or 64 hex digits, got " + secretShape(pw));
      }
    }
  }
  const cp = value.consolePassword;
  if (cp !== undefined && (typeof cp !== "string" || cp.length < 1 || cp.length > CONSOLE_PASSWORD_MAX || !isPrintable(cp, false))) {
    problems.push("consolePassword: expected 1 to " + CONSOLE_PASSWORD_MAX + " printable ASCII characters without spaces " +
      "(Espruino's password prompt reads at most " + CONSOLE_PASSWORD_MAX + "), got " + secretShape(cp));
  }
  return problems;
}

/** A checked copy with defaults filled in, or the problems. */
export function parseUnitConfig(value: any): { config: UnitConfig | undefined; problems: string[] } {
  const problems = validateUnitConfig(value);
  if (problems.length > 0) return { config: undefined, problems: problems };
  const copy = JSON.parse(JSON.stringify(value));
  if (copy.board === undefined) copy.board = DEFAULT_BOARD;
  return { config: copy as UnitConfig, problems: problems };
}
