// The device bundle itself (dist/firmware.js as the build makes it, firmware/main.ts wiring the
// charger with its OCPP side) under the Espruino shim (only Espruino's globals and modules; its
// `net` carries the WebSocket over real TCP) against the strict ocpp-rpc Central System: what is
// flashed is what is tested.
import { DEFAULT_UNIT_CONFIG } from "../../../../firmware/config/default-unit";
import { saveUnitConfig } from "../../../../firmware/config/unit-file";
import { SimBoard } from "../../../../hal/sim/board";
import { Mfrc522Sim } from "../../../../hal/sim/mfrc522/mfrc522-sim";
import { cardFor } from "../../../../hal/sim/mfrc522/picc";
import { BundleRunner, runBundle } from "../../../../tools/sim/bundle-runner";
import { LocalCentralSystem } from "../../../../tools/sim/central-system";
import { NetworkLink } from "../../../../tools/sim/network-link";
import { buildBundle, BuiltBundle } from "../../../tools/sim/support/build-bundle";

const ID = "CP-BUNDLE-1";
const CARD = [0x04, 0xa1, 0xb2, 0xc3];
const CARD_ID = "04A1B2C3";

let bundle: BuiltBundle;
let cs: LocalCentralSystem;
let port = 0;
let runner: BundleRunner | undefined;

beforeAll(async () => {
  bundle = await buildBundle("firmware", "firmware/main.ts");
  cs = new LocalCentralSystem({ heartbeatIntervalS: 600 });
  port = Number(new URL(await cs.listen()).port);
});

afterAll(async () => {
  if (runner) runner.stop();
  bundle.cleanup();
  await cs.close();
});

async function until(r: BundleRunner, cond: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const end = r.board.clock.now() + limitMs;
  while (!cond()) {
    if (r.board.clock.now() > end) throw new Error("timed out (simulated) waiting for " + what + "; console: " + r.console.slice(-8).join(" | "));
    await r.advance(50);
  }
}

test("the flashed bundle registers, answers the strict Central System, queues an offline session in flash and delivers it", async () => {
  const board = new SimBoard();
  const chip = new Mfrc522Sim(board.clock);
  board.setReaderSpi(chip);
  saveUnitConfig(board.storage, Object.assign({}, DEFAULT_UNIT_CONFIG, { chargePointId: ID, backendUrl: "ws://cs.test:9000/ocpp" }));
  const network = new NetworkLink({ route: () => ({ host: "127.0.0.1", port }) });
  const r = runBundle({ file: bundle.file, board, network });
  runner = r;
  const sent = (after = 0) => cs.received.filter((m) => m.identity === ID && m.seq > after);
  await until(r, () => cs.connected().includes(ID) && sent().some((m) => m.action === "StatusNotification"), "registration");
  expect(sent()[0]!.params).toMatchObject({ chargePointVendor: "evse-access", chargePointModel: "ESP32", firmwareVersion: "0.1.0" });

  // The Central System's calls, answered by the bundle (ocpp-rpc's strict mode checks the answers).
  const call = async (action: string, params: any) => {
    const p = cs.call(action, params, ID);
    let out: any;
    let err: any;
    p.then((v) => (out = v), (e) => (err = e));
    await until(r, () => out !== undefined || err !== undefined, action + " answer");
    if (err) throw err;
    return out;
  };
  expect(await call("GetConfiguration", { key: ["SendLocalListMaxLength", "LocalAuthListMaxLength"] })).toEqual({
    configurationKey: [
      { key: "SendLocalListMaxLength", readonly: true, value: "50" },
      { key: "LocalAuthListMaxLength", readonly: true, value: expect.stringMatching(/^[1-9]\d{3,}$/) },
    ],
  });
  expect(await call("SendLocalList", { listVersion: 3, updateType: "Full", localAuthorizationList: [{ idTag: CARD_ID, idTagInfo: { status: "Accepted" } }] })).toEqual({ status: "Accepted" });
  expect(await call("GetLocalListVersion", {})).toEqual({ listVersion: 3 });
  expect(await call("ChangeConfiguration", { key: "ConnectionTimeOut", value: "60" })).toEqual({ status: "Accepted" });

  // Offline: a session decided by the Local List, its messages kept in flash.
  network.setOnline(false);
  await until(r, () => r.evaluateJSON("CHARGER.status()").online === false, "offline");
  board.pilot.setState("B");
  await r.advance(1000);
  const card = cardFor(CARD);
  chip.field.enter(card, board.clock.now());
  await r.advance(500);
  chip.field.leave(card, board.clock.now());
  board.pilot.setState("C");
  await until(r, () => board.relay.coil.isHigh(), "contactor closed");
  board.pilot.setState("A");
  await until(r, () => !board.relay.coil.isHigh() && r.evaluateJSON("CHARGER.status()").queued === 2, "stop queued");

  // Power cut while offline: the queue is in flash.
  r.powerCycle();
  await r.advance(2000);
  expect(r.evaluateJSON("CHARGER.status()").queued).toBe(2);
  const seq = cs.lastSeq();
  network.setOnline(true);
  await until(r, () => r.evaluateJSON("CHARGER.status()").queued === 0, "delivered", 120_000);
  const tx = sent(seq).filter((m) => m.action === "StartTransaction" || m.action === "StopTransaction");
  expect(tx.map((m) => m.action)).toEqual(["StartTransaction", "StopTransaction"]);
  expect(tx[0]!.params.idTag).toBe(CARD_ID);
  expect(tx[1]!.params).toMatchObject({ transactionId: cs.lastTransactionId(), reason: "EVDisconnected" });
  expect(r.errors).toEqual([]);
  expect(cs.problems).toEqual([]);
});
