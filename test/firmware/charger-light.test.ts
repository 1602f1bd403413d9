// Every row of the light table (PRODUCT.md "Indications"), on the simulated board: the light is
// judged by the simulated LED's detector from the PWM channel history alone.
import { ChargerUnit } from "../../tools/sim/charger-unit";

const LISTED = "04A1B2C3";
const BLOCKED = "04BBBBBB";
const UNKNOWN = "0A0B0C0D";

function unit(extra?: any): ChargerUnit {
  return new ChargerUnit(Object.assign({
    localList: [{ idTag: LISTED, status: "Accepted" }, { idTag: BLOCKED, status: "Blocked" }],
    backend: { online: true, answers: { [LISTED]: "Accepted", FREEVEND: "Accepted" } },
    config: { LocalPreAuthorize: true },
  }, extra || {}));
}

describe("light table", () => {
  test("Available, nothing plugged in: green/solid", () => {
    const u = unit();
    u.advance(2000);
    expect(u.status()).toBe("Available");
    expect(u.led(1500).label).toBe("green/solid");
  });

  test("Vehicle plugged in, authorization required and not yet given: yellow/solid", () => {
    const u = unit();
    u.advance(500);
    u.plug();
    u.advance(2000);
    expect(u.status()).toBe("Preparing");
    expect(u.led(1500).label).toBe("yellow/solid");
  });

  test("Card read, decision waiting for the backend: yellow/blink", () => {
    const u = unit({ backend: { online: true, authorizeDelayMs: 4000, answers: { [UNKNOWN]: "Accepted" } } });
    u.advance(500);
    u.plug();
    u.advance(500);
    u.tap(UNKNOWN);
    u.advance(3000);
    expect(u.led(2500).label).toBe("yellow/blink");
    u.advance(1500);
    expect(u.lastDecision()).toBe("Accepted");
  });

  test("Card accepted: green/flash for about 1 s, then the state's own color", () => {
    const u = unit();
    u.advance(500);
    u.plug();
    u.advance(500);
    u.tap(LISTED);
    u.advance(900);
    expect(u.led(850).label).toBe("green/flash");
    u.advance(1400);
    // transaction started, vehicle not drawing yet: blue
    expect(u.led(1200).label).toBe("blue/solid");
  });

  test("Card rejected: red/flash for about 2 s, then the state's own color", () => {
    const u = unit();
    u.advance(500);
    u.plug();
    u.advance(500);
    u.tap(BLOCKED);
    u.advance(1900);
    expect(u.led(1850).label).toBe("red/flash");
    u.advance(1500);
    expect(u.led(1300).label).toBe("yellow/solid");
  });

  test("Authorized, waiting for the vehicle (tap-first): blue/solid", () => {
    const u = unit();
    u.advance(500);
    u.tap(LISTED);
    u.advance(3000);
    expect(u.status()).toBe("Preparing");
    expect(u.led(1500).label).toBe("blue/solid");
  });

  test("Authorized, vehicle not drawing: blue/solid", () => {
    const u = unit();
    u.advance(500);
    u.tap(LISTED);
    u.plug();
    u.advance(3000);
    expect(u.status()).toBe("SuspendedEV");
    expect(u.led(1500).label).toBe("blue/solid");
  });

  test("Charging: blue/pulse", () => {
    const u = unit();
    u.advance(500);
    u.plug();
    u.tap(LISTED);
    u.request();
    u.advance(6000);
    expect(u.status()).toBe("Charging");
    expect(u.led(4000).label).toBe("blue/pulse");
  });

  test("Session ended, vehicle still plugged in: green/solid", () => {
    const u = unit();
    u.advance(500);
    u.plug();
    u.tap(LISTED);
    u.request();
    u.advance(3000);
    u.tap(LISTED);
    u.advance(3000);
    expect(u.status()).toBe("Finishing");
    expect(u.led(1500).label).toBe("green/solid");
  });

  test("Faulted (relay weld): red/solid", () => {
    const u = unit();
    u.advance(500);
    u.weld(true);
    u.advance(2000);
    expect(u.status()).toBe("Faulted");
    expect(u.led(1500).label).toBe("red/solid");
  });

  test("Faulted (reader dead): red/solid", () => {
    const u = unit();
    u.advance(500);
    u.readerFault(true);
    u.advance(2000);
    expect(u.status()).toBe("Faulted");
    expect(u.led(1500).label).toBe("red/solid");
  });

  test("Faulted (internal error: the session record cannot be written): red/solid", () => {
    const u = unit();
    u.advance(500);
    u.plug();
    u.advance(200);
    u.storage.cutPowerAt(1, 0);
    u.tap(LISTED);
    u.request();
    u.advance(2500);
    expect(u.status()).toBe("Faulted");
    expect(u.relayClosed()).toBe(false);
    expect(u.led(1500).label).toBe("red/solid");
  });

  test("Unavailable (set by the operator): off", () => {
    const u = unit();
    u.advance(500);
    expect(u.charger.session.changeAvailability(false)).toBe("Accepted");
    u.advance(2000);
    expect(u.status()).toBe("Unavailable");
    expect(u.led(1500).label).toBe("off");
  });

  test("Backend unreachable: the state's color plus a short white blink every 30 s", () => {
    const u = unit({ backend: { online: false } });
    u.advance(65000);
    const seen = u.led(35000);
    expect(seen.label).toBe("green/solid");
    expect(seen.whiteBlink).toBe(true);
    u.plug();
    u.advance(31000);
    const waiting = u.led(31000);
    expect(waiting.label).toBe("yellow/solid");
    expect(waiting.whiteBlink).toBe(true);
    u.backend.setOnline(true);
    u.advance(40000);
    expect(u.led(35000).whiteBlink).toBe(false);
  });
});
