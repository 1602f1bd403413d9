// The keys of `npm start` drive the simulated unit; with no terminal it reads keys from input lines.
import * as path from "path";
import { PassThrough } from "stream";
import { SimStorage } from "../../../hal/sim/storage";
import { LocalCentralSystem } from "../../../tools/sim/central-system";
import { InteractiveSession } from "../../../tools/sim/interactive";
import { PRESET_CARDS, presetCentralSystem } from "../../../tools/sim/preset-cards";
import { SimUnit } from "../../../tools/sim/sim-unit";

const STUB = path.join(__dirname, "fixtures/charger-stub.js");

describe("interactive session", () => {
  let cs: LocalCentralSystem;
  let unit: SimUnit;
  let out: PassThrough;
  let written: string;
  let saves: number;
  let session: InteractiveSession;
  beforeEach(async () => {
    cs = new LocalCentralSystem(presetCentralSystem());
    const port = Number(new URL(await cs.listen(0)).port);
    unit = new SimUnit({ file: STUB, storage: new SimStorage(), route: () => ({ host: "127.0.0.1", port }) });
    out = new PassThrough();
    written = "";
    out.on("data", (d) => (written += d.toString()));
    saves = 0;
    session = new InteractiveSession({
      unit, cs, chargePointId: "CP-T", backendLabel: "local", flashFile: "x.flash", save: () => saves++,
      input: new PassThrough(), output: out,
    });
  });
  afterEach(async () => {
    unit.stop();
    await cs.close();
  });

  it("keys act on the unit: cards, vehicle, network, weld, reader, power", async () => {
    await unit.advance(200);
    await session.apply("1");
    expect(unit.cardsInField()).toEqual([(PRESET_CARDS[0] as { uid: string }).uid]);
    await session.apply("p");
    expect(unit.pilot()).toBe("B");
    await session.apply("r");
    expect(unit.pilot()).toBe("C");
    await session.apply("s");
    expect(unit.pilot()).toBe("B");
    await session.apply("u");
    expect(unit.pilot()).toBe("A");
    await session.apply("o");
    expect(unit.isNetworkOnline()).toBe(false);
    await session.apply("o");
    expect(unit.isNetworkOnline()).toBe(true);
    await session.apply("w");
    expect(unit.board.relay.isWelded()).toBe(true);
    await session.apply("w");
    expect(unit.board.relay.isWelded()).toBe(false);
    await session.apply("h");
    expect(unit.readerFaults()).toEqual(["hang"]);
    await session.apply("h");
    expect(unit.readerFaults()).toEqual([]);
    await session.apply("n");
    expect(unit.readerFaults()).toEqual(["noise"]);
    await session.apply("m");
    expect(unit.cardsInField().length).toBe(2);
    await session.apply("c");
    expect(unit.runner.boots.map((b) => b.reason)).toEqual(["start", "power-cycle"]);
    expect(saves).toBe(1);
    await session.apply("?");
    expect(written).toContain('key ?: no action on "?" (see the keys above)');
  });

  it("Central System keys: remote start, list again; remote stop needs a transaction", async () => {
    // the Central System pushes its list (version 1) 50 real ms after the BootNotification
    for (let i = 0; i < 200 && (unit.chargerStatus().status as any).list.version !== 1; i++) {
      await new Promise((r) => setTimeout(r, 5));
      await unit.advance(10);
    }
    await session.apply("L");
    await session.apply("R");
    await session.apply("X");
    for (let i = 0; i < 100 && !/answer .*status.*Accepted[\s\S]*answer .*status.*Accepted/.test(written); i++) await unit.advance(10);
    expect(written).toContain("key X: remote stop: no transaction started yet");
    expect(written).toMatch(/central system: list version 2 sent: answer \{"status":"Accepted"\}/);
    expect(written).toMatch(/central system: remote start of card 1: answer \{"status":"Accepted"\}/);
    expect(unit.chargerStatus().status).toMatchObject({ list: { version: 2 }, lastAuth: "Accepted" });
  });

  it("without a terminal: reads keys from piped input, prints events and status lines, quits on q", async () => {
    const input = new PassThrough();
    const s = new InteractiveSession({ unit, cs, chargePointId: "CP-T", backendLabel: "local", flashFile: "x.flash", save: () => saves++, input, output: out });
    const done = s.run();
    input.write("p\n");
    for (let i = 0; i < 200 && !written.includes("pilot B | status Preparing"); i++) await new Promise((r) => setTimeout(r, 10));
    input.end("q\n");
    await done;
    expect(written).toContain("stdin is not a terminal");
    expect(written).toContain("key p: vehicle plugged in (pilot B)");
    expect(written).toMatch(/\[light yellow\/solid \| relay open \| pilot B \| status Preparing/);
    expect(written).toContain("key q: quitting");
    expect(written).toContain("charger -> BootNotification");
  });
});
