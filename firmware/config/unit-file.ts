import { FlashStorage } from "../../hal/storage";
import { codedError } from "../../hal/coded-error";
import { bytesToString } from "../persist/bytes";
import { UnitConfig, parseUnitConfig, validateUnitConfig } from "./unit-config";

/** The unit's configuration file in flash (written by `npm run flash`). */
export const UNIT_FILE = "unit.json";

export interface UnitConfigLoad {
  config: UnitConfig;
  /** "file" when unit.json was used, "default" when the compiled-in fallback was. */
  source: "file" | "default";
  /** Why unit.json was not used (empty when it was, or when there is none). */
  problems: string[];
}

/** Reads and checks unit.json; any problem falls back to `fallback`, with the reasons. */
export function loadUnitConfig(storage: FlashStorage, fallback: UnitConfig): UnitConfigLoad {
  const bytes = storage.read(UNIT_FILE);
  if (!bytes) return { config: fallback, source: "default", problems: [] };
  let value: any;
  try {
    value = JSON.parse(bytesToString(bytes, 0, bytes.length));
  } catch (e) {
    return { config: fallback, source: "default", problems: [UNIT_FILE + ": not valid JSON (" + (e as Error).message + ")"] };
  }
  const parsed = parseUnitConfig(value);
  if (!parsed.config) {
    const problems: string[] = [];
    for (let i = 0; i < parsed.problems.length; i++) problems.push(UNIT_FILE + ": " + parsed.problems[i]);
    return { config: fallback, source: "default", problems: problems };
  }
  return { config: parsed.config, source: "file", problems: [] };
}

/** Writes unit.json after checking it; a bad config throws (code CONFIG) and writes nothing. */
export function saveUnitConfig(storage: FlashStorage, config: UnitConfig): void {
  const problems = validateUnitConfig(config);
  if (problems.length > 0) {
    const e: any = codedError("CONFIG", "unit config not saved: " + problems.join("; "));
    e.problems = problems;
    throw e;
  }
  storage.write(UNIT_FILE, JSON.stringify(config));
}
