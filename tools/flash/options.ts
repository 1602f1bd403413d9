// Command line of `npm run flash -- ...`.

export interface FlashOptions {
  config: string;
  dryRun: boolean;
  status: boolean;
  factoryReset: boolean;
  yes: boolean;
  /** Overrides the config's port (e.g. another USB port, or a stand-in device). */
  port?: string;
  verbose: boolean;
  help: boolean;
}

export const USAGE = [
  "usage: npm run flash -- [options]",
  "  (no option)          build, upload to the unit in flash.config.json, verify",
  "  --config FILE        use FILE instead of flash.config.json",
  "  --port PORT          use PORT (/dev/ttyUSB1, COM4, tcp://host:port) instead of the config's",
  "  --dry-run            no unit needed: check, build, write dist/upload-preview.js",
  "  --status             ask the unit for its state; flash nothing",
  "  --factory-reset      also erase the allowlist, cache, queue and settings on the unit (asks first)",
  "  --yes                answer the --factory-reset question (for scripts)",
  "  --verbose            print everything the espruino CLI prints",
  "  --help               this text",
];

export function parseOptions(argv: string[]): { options: FlashOptions } | { problem: string } {
  const o: FlashOptions = { config: "flash.config.json", dryRun: false, status: false, factoryReset: false, yes: false, verbose: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string | undefined => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) return undefined;
      i++;
      return v;
    };
    if (a === "--dry-run") o.dryRun = true;
    else if (a === "--status") o.status = true;
    else if (a === "--factory-reset") o.factoryReset = true;
    else if (a === "--yes" || a === "-y") o.yes = true;
    else if (a === "--verbose" || a === "-v") o.verbose = true;
    else if (a === "--help" || a === "-h") o.help = true;
    else if (a === "--config" || a === "--port") {
      const v = value();
      if (v === undefined) return { problem: `${a} needs a value` };
      if (a === "--config") o.config = v;
      else o.port = v;
    } else if (a.startsWith("--config=")) o.config = a.slice("--config=".length);
    else if (a.startsWith("--port=")) o.port = a.slice("--port=".length);
    else return { problem: `unknown option ${JSON.stringify(a)}` };
  }
  if (o.status && (o.dryRun || o.factoryReset)) return { problem: "--status flashes nothing: it cannot be combined with --dry-run or --factory-reset" };
  if (o.dryRun && o.factoryReset) return { problem: "--dry-run sends nothing: it cannot be combined with --factory-reset" };
  if (o.yes && !o.factoryReset) return { problem: "--yes only answers the --factory-reset question" };
  return { options: o };
}
