// Every stop reason, on the simulated board: the StopTransaction the backend receives, the relay.
import { ChargerUnit } from "../../tools/sim/charger-unit";

const CARD = "04A1B2C3";
const SIBLING = "04A1B2C4";
const SERVICE = "04FFFF01";
const STRANGER = "04EEEE01";

function charging(extra?: any): ChargerUnit {
  const u = new ChargerUnit(Object.assign({
    localList: [
      { idTag: CARD, status: "Accepted", parentIdTag: "FAMILY" },
      { idTag: SIBLING, status: "Accepted", parentIdTag: "FAMILY" },
      { idTag: SERVICE, status: "Accepted", parentIdTag: "SERVICE" },
      { idTag: STRANGER, status: "Accepted", parentIdTag: "OTHERS" },
    ],
    backend: { online: true, answers: { [CARD]: "Accepted" } },
    config: { LocalPreAuthorize: true },
  }, extra || {}));
  u.advance(200);
  u.plug();
  u.advance(200);
  u.tap(CARD);
  u.request();
  u.advance(1500); // the card has left and the reader has seen it go
  expect(u.relayClosed()).toBe(true);
  expect(u.status()).toBe("Charging");
  return u;
}

function stopOf(u: ChargerUnit) {
  const stops = u.backend.entries("stop");
  expect(stops.length).toBe(1);
  return stops[0]!;
}

describe("a session stops on", () => {
  test("the same card (Local)", () => {
    const u = charging();
    u.tap(CARD);
    u.advance(200);
    expect(u.relayClosed()).toBe(false);
    expect(stopOf(u).reason).toBe("Local");
    expect(u.backend.entries("authorize").length).toBe(0); // OCPP 3.4: no Authorize to stop with the same card
  });

  test("a card with the same parentIdTag (Local)", () => {
    const u = charging();
    u.tap(SIBLING);
    u.advance(200);
    expect(u.relayClosed()).toBe(false);
    expect(stopOf(u).reason).toBe("Local");
  });

  test("not on a card of another group", () => {
    const u = charging();
    u.tap(STRANGER);
    u.advance(3000);
    expect(u.relayClosed()).toBe(true);
    expect(u.backend.entries("stop").length).toBe(0);
  });

  test("a service card, which may stop any session (Local)", () => {
    const u = charging();
    u.tap(SERVICE);
    u.advance(200);
    expect(u.relayClosed()).toBe(false);
    expect(stopOf(u).reason).toBe("Local");
  });

  test("a remote stop (Remote)", () => {
    const u = charging();
    const tx = u.charger.session.transaction()!;
    expect(tx.transactionId).toBeDefined();
    expect(u.charger.session.remoteStop(tx.transactionId!)).toBe("Accepted");
    u.advance(100);
    expect(u.relayClosed()).toBe(false);
    expect(stopOf(u).reason).toBe("Remote");
  });

  test("the vehicle unplugging (EVDisconnected, StopTransactionOnEVSideDisconnect)", () => {
    const u = charging();
    u.unplug();
    u.advance(100);
    expect(u.relayClosed()).toBe(false);
    expect(stopOf(u).reason).toBe("EVDisconnected");
    expect(u.status()).toBe("Available");
  });

  test("the backend answering StartTransaction with a status other than Accepted (DeAuthorized)", () => {
    const u = new ChargerUnit({
      localList: [{ idTag: CARD, status: "Accepted" }],
      backend: { online: true, answers: { [CARD]: "Blocked" }, startAnswerDelayMs: 2000 },
      config: { LocalPreAuthorize: true },
    });
    u.advance(200);
    u.plug();
    u.tap(CARD);
    u.request();
    u.advance(500);
    expect(u.relayClosed()).toBe(true);
    u.advance(2200);
    expect(u.relayClosed()).toBe(false);
    expect(stopOf(u).reason).toBe("DeAuthorized");
    expect(u.lastDecision()).toBe("Blocked");
  });

  test("not stopped, only energy withheld, when StopTransactionOnInvalidId is false", () => {
    const u = new ChargerUnit({
      localList: [{ idTag: CARD, status: "Accepted" }],
      backend: { online: true, answers: { [CARD]: "Invalid" } },
      config: { LocalPreAuthorize: true, StopTransactionOnInvalidId: false },
    });
    u.advance(200);
    u.plug();
    u.tap(CARD);
    u.request();
    u.advance(1500);
    expect(u.relayClosed()).toBe(false);
    expect(u.status()).toBe("SuspendedEVSE");
    expect(u.backend.entries("stop").length).toBe(0);
    u.tap(CARD);
    u.advance(200);
    expect(stopOf(u).reason).toBe("Local");
  });

  test("Unavailable (Other)", () => {
    const u = charging();
    expect(u.charger.session.changeAvailability(false)).toBe("Accepted");
    u.advance(100);
    expect(u.relayClosed()).toBe(false);
    expect(stopOf(u).reason).toBe("Other");
    expect(u.status()).toBe("Unavailable");
  });

  test("a fault: pilot in state E (Other)", () => {
    const u = charging();
    u.setPilot("E");
    u.advance(100);
    expect(u.relayClosed()).toBe(false);
    expect(stopOf(u).reason).toBe("Other");
    expect(u.status()).toBe("Faulted");
  });

  test("a fault: the session record cannot be written (Other)", () => {
    const u = charging();
    u.sim.meter.addEnergy(50);
    u.advance(60000);
    u.sim.meter.addEnergy(50);
    u.storage.cutPowerAt(1, 0);
    u.advance(60000); // the sampled meter value is persisted: the write fails
    expect(u.relayClosed()).toBe(false);
    expect(u.status()).toBe("Faulted");
    expect(stopOf(u).reason).toBe("Other");
  });

  test("a reset (HardReset / SoftReset)", () => {
    for (const hard of [true, false]) {
      const u = charging();
      expect(u.charger.session.reset(hard)).toBe("Accepted");
      u.advance(100);
      expect(stopOf(u).reason).toBe(hard ? "HardReset" : "SoftReset");
      u.advance(500);
      expect(u.boots.length).toBe(2);
      expect(u.relayClosed()).toBe(false);
      // a new boot with the vehicle still there: waiting for a new authorization
      expect(u.status()).toBe("Preparing");
    }
  });

  test("a power cut while the vehicle leaves (PowerLoss, at the persisted meter)", () => {
    const u = charging({ config: { LocalPreAuthorize: true, MeterValueSampleInterval: 10 } });
    u.sim.meter.addEnergy(500); // 500 S0 pulses take 30 s
    u.advance(41000);
    u.hang();
    u.unplug();
    u.powerCycle();
    u.advance(500);
    const stop = stopOf(u);
    expect(stop.reason).toBe("PowerLoss");
    expect(stop.wh).toBe(500);
  });

  test("a dead reader does not stop a running session", () => {
    const u = charging();
    u.readerFault(true);
    u.advance(5000);
    expect(u.relayClosed()).toBe(true);
    expect(u.status()).toBe("Charging");
    expect(u.backend.entries("stop").length).toBe(0);
  });
});
