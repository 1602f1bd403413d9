import { Machine, ACCEPTED, BLOCKED, accepted } from "./helpers";
import { Policy } from "../../../firmware/session/policy";
import { SessionRecord } from "../../../firmware/session/state";

const CARD = "04A1B2C3";
const OTHER = "DEADBEEF";

interface Row {
  rule: string;
  policy?: Partial<Policy>;
  /** Brings the machine to the situation. */
  given: (m: Machine) => void;
  /** The event under test. */
  when: (m: Machine) => void;
  expect: { status?: string; relay?: boolean; light?: string; phase?: string; effects?: string[]; reply?: string; lastDecision?: string };
}

const ROWS: Row[] = [
  // boot
  { rule: "before boot the relay is open and the status is not reported as available", given: () => {}, when: (m) => m.vehicle("C"),
    expect: { relay: false, status: "Unavailable", light: "off" } },
  { rule: "boot with nothing plugged: Available, green", given: () => {}, when: (m) => m.boot("A"),
    expect: { status: "Available", light: "green/solid", relay: false, effects: [] } },
  { rule: "boot with a vehicle plugged, authorization required: Preparing, yellow", given: () => {}, when: (m) => m.boot("B"),
    expect: { status: "Preparing", light: "yellow/solid", phase: "waiting" } },
  // plug first
  { rule: "plug first: yellow while waiting for authorization", given: (m) => m.boot(), when: (m) => m.vehicle("B"),
    expect: { status: "Preparing", light: "yellow/solid", relay: false, phase: "waiting" } },
  { rule: "plug first: requesting without authorization keeps the relay open", given: (m) => { m.boot(); m.vehicle("B"); }, when: (m) => m.vehicle("C"),
    expect: { status: "Preparing", relay: false } },
  { rule: "plug first: ConnectionTimeOut without a card ends the wait (Finishing, green)", given: (m) => { m.boot(); m.vehicle("B"); },
    when: (m) => m.after(30000), expect: { status: "Finishing", phase: "finishing", light: "green/solid" } },
  { rule: "plug first: a listed card offline (LocalAuthorizeOffline) starts the transaction", given: (m) => { m.boot(); m.vehicle("C"); },
    when: (m) => m.card(CARD, ACCEPTED), expect: { status: "Charging", relay: true, effects: ["startTx"], light: "green/flash", lastDecision: "Accepted" } },
  { rule: "plug first: a card after ConnectionTimeOut still starts (Finishing -> new transaction)", given: (m) => { m.boot(); m.vehicle("C"); m.after(30000); },
    when: (m) => m.card(CARD, ACCEPTED), expect: { status: "Charging", relay: true, effects: ["startTx"] } },
  { rule: "plug first: a rejected card leaves the wait as it was, red flash", given: (m) => { m.boot(); m.vehicle("B"); },
    when: (m) => m.card(CARD, BLOCKED), expect: { status: "Preparing", phase: "waiting", light: "red/flash", lastDecision: "Blocked", effects: [] } },
  { rule: "queue full: a listed card is refused (red flash), nothing is started, until the backend has room", given: (m) => { m.boot(); m.vehicle("C"); m.txRoom = false; },
    when: (m) => m.card(CARD, ACCEPTED), expect: { status: "Preparing", relay: false, light: "red/flash", effects: [] } },
  { rule: "queue full: open charging does not start a transaction", policy: { authorizationRequired: false }, given: (m) => { m.boot(); m.txRoom = false; },
    when: (m) => m.vehicle("C"), expect: { relay: false, effects: [] } },
  // tap first
  { rule: "tap first: authorized, blue, waits for the vehicle", given: (m) => m.boot(), when: (m) => m.card(CARD, ACCEPTED),
    expect: { status: "Preparing", phase: "authorized", relay: false } },
  { rule: "tap first: the flash ends and the light is blue (authorized, waiting for the vehicle)", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); },
    when: (m) => m.after(1000), expect: { light: "blue/solid", phase: "authorized" } },
  { rule: "tap first: plugging in starts the transaction (SuspendedEV until the vehicle requests)", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); },
    when: (m) => m.vehicle("B"), expect: { status: "SuspendedEV", relay: false, effects: ["startTx"] } },
  { rule: "tap first: no vehicle within ConnectionTimeOut cancels (Available)", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); },
    when: (m) => m.after(30000), expect: { status: "Available", phase: "idle" } },
  { rule: "tap first: the same card again cancels", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); },
    when: (m) => m.card(CARD, ACCEPTED), expect: { status: "Available", phase: "idle", effects: [] } },
  // charging
  { rule: "charging: blue pulse, relay closed", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("B"); m.after(1000); },
    when: (m) => m.vehicle("C"), expect: { status: "Charging", relay: true, light: "blue/pulse" } },
  { rule: "vehicle stops drawing: SuspendedEV, relay open, blue", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); m.after(1000); },
    when: (m) => m.vehicle("B"), expect: { status: "SuspendedEV", relay: false, light: "blue/solid" } },
  { rule: "state D (ventilation) is not supported: SuspendedEVSE, relay open", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); },
    when: (m) => m.vehicle("D"), expect: { status: "SuspendedEVSE", relay: false } },
  // stops
  { rule: "stop: the same card (no Authorize)", given: (m) => { m.boot(true as any); m.card(CARD, ACCEPTED); m.vehicle("C"); },
    when: (m) => m.card(CARD, ACCEPTED), expect: { status: "Finishing", relay: false, effects: ["stopTx"], light: "green/flash" } },
  { rule: "stop: session ended, vehicle still plugged: green", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); m.card(CARD, ACCEPTED); },
    when: (m) => m.after(1000), expect: { status: "Finishing", light: "green/solid" } },
  { rule: "stop: a card of the same group (parentIdTag)", given: (m) => { m.boot(); m.card(CARD, accepted("FAMILY")); m.vehicle("C"); },
    when: (m) => m.card(OTHER, accepted("FAMILY")), expect: { status: "Finishing", relay: false, effects: ["stopTx"] } },
  { rule: "stop: a card of another group does not stop, red flash", given: (m) => { m.boot(); m.card(CARD, accepted("FAMILY")); m.vehicle("C"); },
    when: (m) => m.card(OTHER, accepted("NEIGHBOUR")), expect: { status: "Charging", relay: true, effects: [], light: "red/flash" } },
  { rule: "stop: a service card stops any session", given: (m) => { m.boot(); m.card(CARD, accepted("FAMILY")); m.vehicle("C"); },
    when: (m) => m.card(OTHER, accepted("SERVICE")), expect: { status: "Finishing", relay: false, effects: ["stopTx"] } },
  { rule: "stop: vehicle unplugged (StopTransactionOnEVSideDisconnect)", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); },
    when: (m) => m.vehicle("A"), expect: { status: "Available", relay: false, effects: ["stopTx"] } },
  { rule: "no stop on unplug when StopTransactionOnEVSideDisconnect is false (SuspendedEV)", policy: { stopOnEVSideDisconnect: false },
    given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); }, when: (m) => m.vehicle("A"),
    expect: { status: "SuspendedEV", relay: false, effects: [] } },
  { rule: "stop: remote stop of the running transaction", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); m.send({ type: "txAnswer", ref: 1, transactionId: 77, info: ACCEPTED }); },
    when: (m) => m.send({ type: "remoteStop", transactionId: 77 }), expect: { reply: "Accepted", relay: false, effects: ["stopTx"], status: "Finishing" } },
  { rule: "remote stop of another transaction is rejected", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); m.send({ type: "txAnswer", ref: 1, transactionId: 77, info: ACCEPTED }); },
    when: (m) => m.send({ type: "remoteStop", transactionId: 78 }), expect: { reply: "Rejected", relay: true, effects: [] } },
  { rule: "stop: StartTransaction answered Invalid (StopTransactionOnInvalidId)", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); },
    when: (m) => m.send({ type: "txAnswer", ref: 1, transactionId: 5, info: { status: "Invalid" } }),
    expect: { relay: false, effects: ["remember", "stopTx"], status: "Finishing", lastDecision: "Invalid" } },
  { rule: "StartTransaction answered Invalid without StopTransactionOnInvalidId: energy off, SuspendedEVSE, yellow", policy: { stopOnInvalidId: false },
    given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); m.after(1000); },
    when: (m) => m.send({ type: "txAnswer", ref: 1, transactionId: 5, info: { status: "Blocked" } }),
    expect: { relay: false, effects: ["remember"], status: "SuspendedEVSE", light: "yellow/solid" } },
  { rule: "stop: set Unavailable", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); },
    when: (m) => m.send({ type: "availability", operative: false }), expect: { reply: "Accepted", relay: false, effects: ["stopTx"], status: "Unavailable", light: "off" } },
  { rule: "stop: a fault (pilot E)", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); },
    when: (m) => m.vehicle("E"), expect: { relay: false, effects: ["stopTx"], status: "Faulted", light: "red/solid" } },
  { rule: "stop: a weld fault latches Faulted and stops", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); },
    when: (m) => m.send({ type: "weld" }), expect: { relay: false, effects: ["stopTx"], status: "Faulted", light: "red/solid" } },
  { rule: "stop: a hard reset stops and reboots", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); },
    when: (m) => m.send({ type: "reset", hard: true }), expect: { reply: "Accepted", relay: false, effects: ["stopTx", "reboot"] } },
  // reader
  { rule: "a dead reader is a fault when no session runs (auth required)", given: (m) => m.boot(),
    when: (m) => m.send({ type: "reader", healthy: false }), expect: { status: "Faulted", light: "red/solid" } },
  { rule: "a dead reader does not stop a running session", given: (m) => { m.boot(); m.card(CARD, ACCEPTED); m.vehicle("C"); },
    when: (m) => m.send({ type: "reader", healthy: false }), expect: { status: "Charging", relay: true, effects: [] } },
  { rule: "a dead reader is not a fault in open charging", policy: { authorizationRequired: false }, given: (m) => m.boot(),
    when: (m) => m.send({ type: "reader", healthy: false }), expect: { status: "Available", light: "green/solid" } },
  // open charging
  { rule: "open charging: plug in starts a transaction with FreeVendIdTag", policy: { authorizationRequired: false }, given: (m) => m.boot(),
    when: (m) => m.vehicle("B"), expect: { status: "SuspendedEV", effects: ["startTx"] } },
  { rule: "open charging: requesting closes the relay", policy: { authorizationRequired: false }, given: (m) => { m.boot(); m.vehicle("B"); },
    when: (m) => m.vehicle("C"), expect: { status: "Charging", relay: true } },
  { rule: "open charging: after a remote stop, no restart until the vehicle is unplugged", policy: { authorizationRequired: false },
    given: (m) => { m.boot(); m.vehicle("C"); m.send({ type: "txAnswer", ref: 1, transactionId: 9, info: ACCEPTED }); m.send({ type: "remoteStop", transactionId: 9 }); },
    when: (m) => m.after(5000), expect: { status: "Finishing", relay: false, effects: [] } },
  { rule: "switching to open charging starts the waiting vehicle", given: (m) => { m.boot(); m.vehicle("C"); },
    when: (m) => { m.policy.authorizationRequired = false; m.send({ type: "config" }); }, expect: { status: "Charging", relay: true, effects: ["startTx"] } },
  // availability
  { rule: "Unavailable: cards are ignored", given: (m) => { m.boot(); m.send({ type: "availability", operative: false }); m.vehicle("C"); },
    when: (m) => m.card(CARD, ACCEPTED), expect: { status: "Unavailable", relay: false, effects: [], light: "off" } },
  { rule: "Operative again: back to waiting for a card", given: (m) => { m.boot(); m.send({ type: "availability", operative: false }); m.vehicle("B"); },
    when: (m) => m.send({ type: "availability", operative: true }), expect: { status: "Preparing", light: "yellow/solid" } },
];

describe("session transition table", () => {
  for (const row of ROWS) {
    test(row.rule, () => {
      const m = new Machine(row.policy);
      row.given(m);
      row.when(m);
      const e = row.expect;
      if (e.status !== undefined) expect(m.status()).toBe(e.status);
      if (e.relay !== undefined) expect(m.relay()).toBe(e.relay);
      if (e.light !== undefined) expect(m.light()).toBe(e.light);
      if (e.phase !== undefined) expect(m.state.phase).toBe(e.phase);
      if (e.effects !== undefined) expect(m.kinds()).toEqual(e.effects);
      if (e.reply !== undefined) expect(m.lastReply).toBe(e.reply);
      if (e.lastDecision !== undefined) expect(m.state.lastDecision).toBe(e.lastDecision);
    });
  }
});
