// Whole-charger flows on the simulated board with the real reader driver and the simulated chip:
// pilot PWM, S0 meter readings, open charging, the same card cancelling, the unknown-card lockout.
import { ChargerUnit } from "../../tools/sim/charger-unit";

const CARD = "04A1B2C3";

function unit(extra?: any): ChargerUnit {
  return new ChargerUnit(Object.assign({
    localList: [{ idTag: CARD, status: "Accepted" }],
    backend: { online: false },
  }, extra || {}));
}

describe("pilot PWM advertises MaxCurrent only while charging is allowed", () => {
  test("100 % while waiting, MaxCurrent/0.6 % once authorized, 100 % again after the stop", () => {
    const u = unit({ config: { MaxCurrent: 32 } });
    u.advance(300);
    u.plug();
    u.advance(300);
    expect(u.pilotDuty()).toBe(1);
    u.tap(CARD);
    u.advance(1500);
    expect(u.status()).toBe("SuspendedEV");
    expect(u.pilotDuty()).toBeCloseTo(32 / 60, 6);
    u.request();
    u.advance(200);
    expect(u.relayClosed()).toBe(true);
    expect(u.pilotDuty()).toBeCloseTo(32 / 60, 6);
    expect(u.charger.settings.change("MaxCurrent", "10")).toBe("Accepted");
    u.advance(10);
    expect(u.pilotDuty()).toBeCloseTo(10 / 60, 6);
    u.tap(CARD);
    u.advance(300);
    expect(u.relayClosed()).toBe(false);
    expect(u.pilotDuty()).toBe(1);
  });
});

describe("S0 meter", () => {
  test("meterStart and meterStop come from the pulses (Wh at the unit's pulse constant)", () => {
    const u = unit({ backend: { online: true, answers: { [CARD]: "Accepted" } }, config: { LocalPreAuthorize: true } });
    u.sim.meter.addEnergy(40);
    u.advance(5000);
    u.plug();
    u.request();
    u.tap(CARD);
    u.advance(1500);
    u.sim.meter.addEnergy(250);
    u.advance(20000);
    u.unplug();
    u.advance(300);
    const start = u.backend.entries("start")[0]!;
    const stop = u.backend.entries("stop")[0]!;
    expect(start.wh).toBe(40);
    expect(stop.wh).toBe(290);
  });
});

describe("open charging (AuthorizationRequired false)", () => {
  test("plug in and charge, no card; the session carries FreeVendIdTag", () => {
    const u = unit({ config: { AuthorizationRequired: false, FreeVendIdTag: "OPENHOUSE" }, backend: { online: true, answers: { OPENHOUSE: "Accepted" } } });
    u.advance(300);
    u.plug();
    u.request();
    u.advance(300);
    expect(u.relayClosed()).toBe(true);
    expect(u.status()).toBe("Charging");
    expect(u.backend.entries("start")[0]!.idTag).toBe("OPENHOUSE");
    u.unplug();
    u.advance(300);
    expect(u.backend.entries("stop")[0]!.reason).toBe("EVDisconnected");
  });
});

describe("tapping the same card while waiting cancels", () => {
  test("tap-first, tap again before plugging in: back to Available", () => {
    const u = unit();
    u.advance(300);
    u.tap(CARD);
    u.advance(2000);
    expect(u.status()).toBe("Preparing");
    u.tap(CARD);
    u.advance(500);
    expect(u.status()).toBe("Available");
    u.plug();
    u.request();
    u.advance(500);
    expect(u.relayClosed()).toBe(false);
  });
  test("waiting for the backend, tap again: the decision is dropped", () => {
    const u = unit({ backend: { online: true, authorizeDelayMs: 10000, answers: { "04DDDDDD": "Accepted" } } });
    u.advance(300);
    u.plug();
    u.request();
    u.tap("04DDDDDD");
    u.advance(3500);
    expect(u.led(2500).label).toBe("yellow/blink");
    u.tap("04DDDDDD");
    u.advance(10000);
    expect(u.relayClosed()).toBe(false);
    expect(u.status()).toBe("Preparing");
  });
});

describe("unknown-card lockout", () => {
  test("after UnknownCardLockout unknown taps in a minute unknown cards are ignored for a minute; listed cards still work", () => {
    const u = unit({ config: { UnknownCardLockout: 3 }, backend: { online: true, answers: { [CARD]: "Accepted" } } });
    u.advance(300);
    u.plug();
    u.request();
    for (let i = 0; i < 3; i++) {
      u.tap("0400000" + i);
      u.advance(2500);
    }
    expect(u.backend.entries("authorize").length).toBe(3);
    u.tap("04000009");
    u.advance(2500);
    expect(u.backend.entries("authorize").length).toBe(3); // ignored: not even asked
    u.charger.settings.change("LocalPreAuthorize", "true");
    u.tap(CARD);
    u.advance(500);
    expect(u.relayClosed()).toBe(true);
    u.tap(CARD);
    u.advance(60000);
    u.tap("04000009");
    u.advance(2500);
    expect(u.backend.entries("authorize").length).toBe(4); // a minute later: asked again
  });
});
