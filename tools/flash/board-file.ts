// The board description handed to the espruino CLI with `--board file.json`. A local file keeps the
// CLI offline (a board *name* makes it download www.espruino.com/json/NAME.json) and tells it the
// interpreter version (>= 1v96: code goes to Storage in 1 KB chunks) and the built-in modules (so it
// fetches none). The CLI reads only `info.binary_version` and `info.builtin_modules`.
import * as fs from "fs";
import * as path from "path";

export const BOARDS_DIR = path.join(__dirname, "boards");

export function boardFilePath(board: string, boardsDir = BOARDS_DIR): string {
  return path.join(boardsDir, `${board}.json`);
}

export function knownBoards(boardsDir = BOARDS_DIR): string[] {
  try {
    return fs.readdirSync(boardsDir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

export function findBoardFile(board: string, boardsDir = BOARDS_DIR): { ok: true; file: string } | { ok: false; problem: string } {
  const file = boardFilePath(board, boardsDir);
  const rel = path.relative(process.cwd(), file) || file;
  if (!/^[A-Za-z0-9_]+$/.test(board) || !fs.existsSync(file)) {
    return { ok: false, problem: `board: no local board file for ${JSON.stringify(board)} (${rel}); boards with one: ${knownBoards(boardsDir).join(", ") || "none"}` };
  }
  let json: any;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    return { ok: false, problem: `board: ${rel} is not valid JSON (${(e as Error).message})` };
  }
  const info = json && json.info;
  if (!info || typeof info.binary_version !== "string" || !Array.isArray(info.builtin_modules)) {
    return { ok: false, problem: `board: ${rel} needs info.binary_version (e.g. "2v29") and info.builtin_modules (a list)` };
  }
  return { ok: true, file };
}
