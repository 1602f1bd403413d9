// npm start: the flashed bundle (dist/firmware.js) on a simulated board.
//
//   npm start                               interactive terminal view, local Central System
//   npm start -- --scenario FILE            headless, on simulated time; exit 1 on any failure
//   npm start -- --backend ws://host/ocpp   an external Central System instead of the local one
//   options: --id ID (charge point id, default from flash.config.json), --fresh (start with an
//            empty flash), --flash FILE (flash image, default .sim/<id>.flash), --verbose (scenario:
//            print the firmware's console and the OCPP traffic), --no-build, --help
//
// The bundle is rebuilt first (esbuild, about a second) unless --no-build. Exit codes: 0 ok,
// 1 a scenario expectation failed, 2 bad usage, an invalid scenario file or a failed build.
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_UNIT_CONFIG } from "../../firmware/config/default-unit";
import { UnitConfig, parseUnitConfig } from "../../firmware/config/unit-config";
import { build } from "../build/build";
import { LocalCentralSystem } from "./central-system";
import { loadOrCreateFlashImage, saveFlashImage } from "./flash-image";
import { InteractiveSession } from "./interactive";
import { presetCentralSystem } from "./preset-cards";
import { Scenario, parseScenario } from "./scenario";
import { LOCAL_BACKEND_URL, centralSystemNews, runScenario } from "./scenario-runner";
import { SimUnit } from "./sim-unit";
import { writeUnitFile } from "./unit-flash";
import { SimStorage } from "../../hal/sim/storage";

const ROOT = path.resolve(__dirname, "../..");
export const BUNDLE = path.join(ROOT, "dist/firmware.js");

export interface StartOptions {
  scenario?: string;
  backend?: string;
  id?: string;
  fresh: boolean;
  flash?: string;
  verbose: boolean;
  build: boolean;
  help: boolean;
}

/** Bad command line: the usage text follows the message. */
export class UsageError extends Error {}
/** A scenario file that cannot be read or breaks the contract. */
export class InputError extends Error {}

export const USAGE = `usage: npm start [-- options]
  (no option)          the firmware on a simulated board with an interactive terminal view,
                       wired to a local Central System that knows some cards
  --scenario FILE      run a scenario file headless on simulated time (see test/scenarios/)
  --backend URL        connect to this Central System (ws:// or wss://) instead of the local one
  --id ID              charge point id (default: chargePointId of flash.config.json)
  --fresh              start with an empty flash (interactive; the image is overwritten on exit)
  --flash FILE         the unit's flash image (default .sim/<id>.flash)
  --verbose            scenario: also print the firmware's console and the OCPP traffic
  --no-build           run dist/firmware.js as it is
  --help               this text`;

export function parseArgs(argv: string[]): StartOptions {
  const o: StartOptions = { fresh: false, verbose: false, build: true, help: false };
  const value = (i: number, name: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf("=");
    const name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
    const inline = a.startsWith("--") && eq > 0 ? a.substring(eq + 1) : undefined;
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, name);
      i++;
      return v;
    };
    switch (name) {
      case "--scenario": o.scenario = take(); break;
      case "--backend": o.backend = take(); break;
      case "--id": o.id = take(); break;
      case "--flash": o.flash = take(); break;
      case "--fresh": o.fresh = true; break;
      case "--verbose": case "-v": o.verbose = true; break;
      case "--no-build": o.build = false; break;
      case "--help": case "-h": o.help = true; break;
      default: throw new UsageError(`unknown option "${a}"`);
    }
  }
  if (o.backend !== undefined && !/^wss?:\/\/[^/\s]+/.test(o.backend)) throw new UsageError(`--backend: expected a ws:// or wss:// URL, got "${o.backend}"`);
  if (o.id !== undefined && !/^[A-Za-z0-9*\-_=+|@.]{1,20}$/.test(o.id)) throw new UsageError(`--id: 1-20 of A-Z a-z 0-9 * - _ = + | @ ., got "${o.id}"`);
  return o;
}

/** The unit's pin map and identity from flash.config.json (as `npm run flash` would write it), else the built-in one. */
export function unitConfigFor(o: StartOptions, log: (line: string) => void): UnitConfig {
  let base: UnitConfig = DEFAULT_UNIT_CONFIG;
  const file = path.join(ROOT, "flash.config.json");
  if (fs.existsSync(file)) {
    try {
      const parsed = parseUnitConfig(JSON.parse(fs.readFileSync(file, "utf8")));
      if (parsed.config) base = parsed.config;
      else log(`flash.config.json: ${parsed.problems.join("; ")}; using the built-in pin map`);
    } catch (e) {
      log(`flash.config.json: ${(e as Error).message}; using the built-in pin map`);
    }
  }
  const unit: UnitConfig = Object.assign({}, base, {
    chargePointId: o.id || base.chargePointId,
    backendUrl: o.backend || LOCAL_BACKEND_URL,
  });
  // the simulated unit has no Wi-Fi to join and no console to lock
  delete unit.wifi;
  delete unit.consolePassword;
  if (!o.backend) delete unit.authorizationKey;
  return unit;
}

async function buildBundle(log: (line: string) => void): Promise<void> {
  await build({ root: ROOT, log });
}

/** Reads and checks a scenario file; any problem is an InputError naming the file and the key. */
export function loadScenarioFile(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(`${file}: ${(e as Error).message}`);
  }
  try {
    return parseScenario(raw, path.basename(file));
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

/** Runs a parsed scenario on `bundle`; 0 if every expectation passed, else 1. */
export async function runScenarioOn(bundle: string, scenario: Scenario, o: StartOptions, print: (line: string) => void): Promise<number> {
  print(`scenario: ${scenario.name}`);
  const unit = unitConfigFor(o, print);
  const result = await runScenario({
    file: bundle,
    scenario,
    backendUrl: o.backend,
    chargePointId: unit.chargePointId,
    unit,
    print,
    verbose: o.verbose,
  });
  return result.failed > 0 ? 1 : 0;
}

async function runInteractive(o: StartOptions): Promise<number> {
  const early: string[] = [];
  const unitConfig = unitConfigFor(o, (line) => early.push(line));
  const flashFile = o.flash || path.join(ROOT, ".sim", `${unitConfig.chargePointId}.flash`);
  let storage: SimStorage;
  if (o.fresh) {
    storage = new SimStorage();
    early.push(`fresh flash (${path.relative(process.cwd(), flashFile)} is overwritten on exit)`);
  } else {
    const loaded = loadOrCreateFlashImage(flashFile);
    storage = loaded.storage;
    early.push(loaded.created ? `new flash image ${path.relative(process.cwd(), flashFile)}` : `flash loaded from ${path.relative(process.cwd(), flashFile)}`);
  }
  writeUnitFile(storage, unitConfig);

  let session: InteractiveSession | undefined;
  let cs: LocalCentralSystem | undefined;
  let csPort = 0;
  let backendLabel: string;
  if (!o.backend) {
    const csLog = (line: string) => {
      if (!centralSystemNews(line)) return;
      if (session) session.event(line);
      else early.push(line);
    };
    cs = new LocalCentralSystem(Object.assign({ log: csLog }, presetCentralSystem()));
    const url = await cs.listen(0, "127.0.0.1");
    csPort = Number(new URL(url).port);
    backendLabel = `local Central System on ${url} (the unit is flashed with ${LOCAL_BACKEND_URL}); it pushes list v1 after each boot`;
  } else {
    backendLabel = `external Central System ${o.backend}`;
  }

  const unit = new SimUnit({
    file: BUNDLE,
    storage,
    route: o.backend ? undefined : () => ({ host: "127.0.0.1", port: csPort }),
    echo: (line) => (session ? session.event(`console: ${line}`) : early.push(`console: ${line}`)),
    onUncaught: (u) => (session ? session.event(`UNCAUGHT (${u.where}): ${u.line}`) : early.push(`UNCAUGHT (${u.where}): ${u.line}`)),
  });
  const save = () => saveFlashImage(storage, flashFile);
  session = new InteractiveSession({
    unit, cs, chargePointId: unitConfig.chargePointId, backendLabel, flashFile: path.relative(process.cwd(), flashFile) || flashFile,
    save, input: process.stdin, output: process.stdout, events: early,
  });
  try {
    await session.run();
  } finally {
    unit.stop();
    save();
    if (cs) await cs.close();
  }
  console.log(`flash saved to ${path.relative(process.cwd(), flashFile)}`);
  return 0;
}

export async function main(argv: string[], print: (line: string) => void = (line) => console.log(line)): Promise<number> {
  try {
    const o = parseArgs(argv);
    if (o.help) {
      print(USAGE);
      return 0;
    }
    // a bad scenario file is reported before anything is built or run
    const scenario = o.scenario !== undefined ? loadScenarioFile(o.scenario) : undefined;
    if (o.build) {
      try {
        await buildBundle(o.scenario ? () => undefined : print);
      } catch (e) {
        console.error(`npm start: the build failed:\n${(e as Error).message}`);
        return 2;
      }
    }
    if (!fs.existsSync(BUNDLE)) {
      console.error(`npm start: ${path.relative(process.cwd(), BUNDLE)} does not exist; run npm run build`);
      return 2;
    }
    return scenario ? await runScenarioOn(BUNDLE, scenario, o, print) : await runInteractive(o);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      console.error(`npm start: ${e.message}`);
      if (e instanceof UsageError) console.error(USAGE);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
