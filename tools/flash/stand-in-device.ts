// A stand-in unit for rehearsing `npm run flash` without hardware: the firmware runs on a simulated
// ESP32 (the Espruino shim) behind an Espruino console on a TCP port, as a unit reachable over the
// network (port: tcp://host:port) would be. Its flash is kept in a file between runs.
//
//   npx tsx tools/flash/stand-in-device.ts --port 2323
//   npm run flash -- --port tcp://127.0.0.1:2323
//   npm run flash -- --status --port tcp://127.0.0.1:2323
import * as path from "path";
import { SimStorage } from "../../hal/sim/storage";
import { loadOrCreateFlashImage, saveFlashImage } from "../sim/flash-image";
import { StandInDevice } from "./stand-in/device";
import { ShimUnit } from "./stand-in/shim-unit";

export interface StandIn {
  device: StandInDevice;
  unit: ShimUnit;
}

export interface StandInSettings {
  storage?: SimStorage;
  board?: string;
  /** process.env.VERSION the unit reports (e.g. "1v95" to rehearse an old interpreter). */
  espruino?: string;
  onDisconnect?: () => void;
  trace?: (direction: "in" | "out", text: string) => void;
}

/** A powered-on stand-in unit (not listening yet: call `device.listen(port)`). */
export function createStandIn(settings: StandInSettings = {}): StandIn {
  const storage = settings.storage || new SimStorage();
  const unit = new ShimUnit(storage);
  const device = new StandInDevice({
    storage,
    board: settings.board,
    version: settings.espruino,
    createInterpreter: (env) => unit.createInterpreter(env),
    onDisconnect: settings.onDisconnect,
    trace: settings.trace,
  });
  unit.whenWatchdogBites(() => device.requestPowerCycle());
  device.powerOn();
  return { device, unit };
}

const USAGE = `usage: npx tsx tools/flash/stand-in-device.ts [--port 2323] [--host 127.0.0.1] [--flash .sim/stand-in-flash.bin]
         [--fresh] [--board ESP32] [--espruino 2v29] [--trace]
  --fresh     start from blank flash (the file is overwritten at the first disconnect)
  --trace     print every byte that goes in and out of the console`;

function argValue(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : fallback;
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const port = parseInt(argValue(argv, "--port", "2323"), 10);
  const host = argValue(argv, "--host", "127.0.0.1");
  const image = path.resolve(argValue(argv, "--flash", ".sim/stand-in-flash.bin"));
  const fresh = argv.includes("--fresh");
  const loaded = fresh ? { storage: new SimStorage(), created: true } : loadOrCreateFlashImage(image);
  const save = () => saveFlashImage(loaded.storage, image);
  const trace = argv.includes("--trace")
    ? (d: "in" | "out", t: string) => process.stdout.write(`${d === "in" ? "<<" : ">>"} ${JSON.stringify(t)}\n`)
    : undefined;
  const { device } = createStandIn({
    storage: loaded.storage,
    board: argValue(argv, "--board", "ESP32"),
    espruino: argValue(argv, "--espruino", "2v29"),
    onDisconnect: save,
    trace,
  });
  const bound = await device.listen(port, host);
  const files = loaded.storage.list();
  console.log(`stand-in unit on tcp://${host}:${bound} (${device.env.BOARD}, Espruino ${device.env.VERSION}); ` +
    `flash ${path.relative(process.cwd(), image)}: ${loaded.created ? "new, blank" : `${files.length} files`}`);
  console.log(`  npm run flash -- --port tcp://${host}:${bound}`);
  console.log(`  npm run flash -- --status --port tcp://${host}:${bound}`);
  console.log("Ctrl-C to stop (the flash is saved).");
  const stop = () => {
    save();
    device.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`stand-in: ${(e as Error).message}`);
    process.exit(1);
  });
}
