import { PRESET_CARDS } from "../../../tools/sim/preset-cards";
import { KEYS } from "../../../tools/sim/interactive";
import { ViewModel, fit, renderScreen, statusLine, visibleLength } from "../../../tools/sim/terminal-view";

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

function model(over: Partial<ViewModel> = {}): ViewModel {
  return Object.assign({
    chargePointId: "CP-0001", backend: "local Central System", simMs: 83_450, flashFile: ".sim/CP-0001.flash",
    light: { rgb: [0, 0, 0.6], label: "blue/pulse", whiteBlink: false },
    relay: { command: true, contact: true, welded: false }, pilot: "C",
    status: { status: "Charging", errorCode: "NoError", online: true, list: { version: 1, entries: 5 }, queued: 0, lastAuth: "Accepted",
      lastCard: "A1B2C3D4", reader: { version: "0x92", health: "ok" }, faults: [], energyWh: 1234 },
    networkUp: true, linkOpen: true, readerFaults: [], cardsInField: [], cards: PRESET_CARDS, keys: KEYS,
    events: ["00:01.000 charger -> StartTransaction {}", "00:01.010 -> charger StartTransaction ok {}"], message: "tapped card 1",
    width: 120, height: 40,
  }, over);
}

describe("terminal view", () => {
  it("shows the light as a colored block with its pattern, relay, pilot, status, link, list, card, reader, keys and events", () => {
    const lines = renderScreen(model());
    const text = lines.map(strip).join("\n");
    expect(lines).toHaveLength(40);
    for (const l of lines) expect(visibleLength(l)).toBe(120);
    expect(lines.join("\n")).toContain("\x1b[48;2;0;0;153m        "); // the block at 60 % blue
    for (const want of ["sim 00:01:23.4", "Light   blue/pulse", "commanded CLOSED, contact closed", "Pilot   C  vehicle asks for energy",
      "Status  Charging", "Backend online", "network up, websocket open", "List    v1, 5 entries", "Energy 1.234 kWh",
      "Card    A1B2C3D4  ->  Accepted", "Reader  0x92 ok", "tapped card 1", "charger -> StartTransaction {}"]) {
      expect(text).toContain(want);
    }
    for (const c of PRESET_CARDS) expect(text).toContain(`${c.key} ${c.uid}`);
    for (const k of KEYS) expect(text).toContain(`${k.key} ${k.label}`);
  });

  it("shows faults, offline, a weld and a missing CHARGER plainly; keeps the newest events that fit", () => {
    const events = Array.from({ length: 100 }, (_, i) => `event ${i}`);
    const text = renderScreen(model({
      status: undefined, statusError: "the firmware exposes no CHARGER object", networkUp: false, linkOpen: false,
      relay: { command: false, contact: true, welded: true }, readerFaults: ["hang"], events, height: 30,
    })).map(strip);
    expect(text).toHaveLength(30);
    for (const want of ["WELDED", "Status  no CHARGER object in the firmware", "network DOWN, websocket closed", "Reader  -  [hang]"]) {
      expect(text.join("\n")).toContain(want);
    }
    expect(text[text.length - 1]).toContain("event 99");
    expect(text.join("\n")).not.toContain("event 50 ");
  });

  it("fit cuts on visible characters and keeps escape codes", () => {
    expect(strip(fit("\x1b[1mabcdef\x1b[0m", 3))).toBe("abc");
    expect(visibleLength(fit("\x1b[31mab", 5))).toBe(5);
  });

  it("has a one-line status for output that is not a terminal", () => {
    expect(statusLine(model())).toBe("light blue/pulse | relay closed | pilot C | status Charging | online true | list v1 | last A1B2C3D4 Accepted");
  });
});
