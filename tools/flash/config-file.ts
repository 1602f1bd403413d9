// Reads and checks flash.config.json before anything is built or sent: JSON syntax errors with
// line:column, then every field through validateUnitConfig (one line per problem, naming the field),
// then the local board file the espruino CLI will be given.
import * as fs from "fs";
import { parseUnitConfig, type UnitConfig } from "../../firmware/config/unit-config";
import { findBoardFile } from "./board-file";
import { locateJsonError } from "./json-error";

export type ConfigResult =
  | { ok: true; config: UnitConfig; boardFile: string }
  | { ok: false; problems: string[] };

/** Checks the text of a config file; `name` prefixes syntax errors (`name:line:col: ...`). */
export function checkConfigText(text: string, name: string, boardsDir?: string): ConfigResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM from Windows editors
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const at = locateJsonError(body);
    const where = at ? `${name}:${at.line}:${at.column}: ` : `${name}: `;
    return { ok: false, problems: [`${where}${at ? at.message : (e as Error).message} (the file is not valid JSON)`] };
  }
  const parsed = parseUnitConfig(value);
  if (!parsed.config) return { ok: false, problems: parsed.problems };
  const board = findBoardFile(parsed.config.board, boardsDir);
  if (!board.ok) return { ok: false, problems: [board.problem] };
  return { ok: true, config: parsed.config, boardFile: board.file };
}

export function readConfigFile(file: string, boardsDir?: string): ConfigResult {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (e as Error).message;
    return { ok: false, problems: [`${file}: cannot read it (${why}); pass the unit's settings file with --config FILE`] };
  }
  return checkConfigText(text, file, boardsDir);
}
