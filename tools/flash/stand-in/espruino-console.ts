// Node only. The Espruino REPL's line discipline, as src/jsinteractive.c implements it (jsiHandleChar,
// jsiHandleNewLine, jsiConsoleRemoveInputLine/ReturnInputLine), so the espruino CLI sees the same
// bytes from the stand-in device as from a unit:
// - characters are echoed while echo is on; `\n` or `\r` runs the line once its brackets balance,
//   otherwise the line continues (`:` prompt); ESC LF ("Alt-Enter") adds a newline without running;
// - DLE (0x10) at the start of an empty line turns echo off for that line only (the CLI prefixes every
//   line it sends with it): no echo, no `=result`, and no new prompt unless the line printed something;
// - after a line: `=<value>` when echo was on, `Uncaught <error>` when it threw; the `>` prompt comes
//   back when the idle loop runs (`password>` while locked);
// - a locked console (E.setPassword + E.lockConsole) takes every character as part of a password of
//   at most 20 characters, answers `Invalid password` or `Logged in.`, echoes nothing and ignores Ctrl-C.
// What a line does is the job of `run` (the device's interpreter).

/** Espruino keeps at most this many typed password characters (jsiHandleChar). */
export const PASSWORD_INPUT_MAX = 20;

export interface LineResult {
  value?: unknown;
  /** Set when the line threw. */
  error?: unknown;
  threw: boolean;
}

export interface ConsoleHooks {
  /** Sends bytes to the connected terminal. */
  write(text: string): void;
  /** Runs one REPL line at global scope. */
  run(code: string): LineResult;
  /** The password set by E.setPassword, if any. */
  password(): string | undefined;
  /** Whether E.lockConsole() locked the console (Espruino's JSIS_PASSWORD_PROTECTED flag). */
  isLocked(): boolean;
  /** The right password was typed: clear that flag. */
  unlock(): void;
}

/** Espruino's `Uncaught` text for a thrown value (`Error: msg`, `ReferenceError: ...`, or the value). */
export function describeThrown(e: unknown): string {
  if (e && typeof e === "object" && typeof (e as Error).message === "string") {
    const name = (e as Error).name || "Error";
    return `${name}: ${(e as Error).message}`;
  }
  if (typeof e === "string") return JSON.stringify(e);
  return String(e);
}

/** How the REPL prints a line's value after `=` (close to Espruino's for JSON-able values). */
export function formatResult(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "function") return "function () { [code] }";
  if (typeof v === "string") return JSON.stringify(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    return String(v);
  }
}

function bracketDepth(code: string): number {
  // Espruino lexes the line; strings and comments do not count. Unclosed comment: wait for more.
  let depth = 0;
  let i = 0;
  while (i < code.length) {
    const c = code.charAt(i);
    if (c === '"' || c === "'" || c === "`") {
      const q = c;
      i++;
      while (i < code.length && code.charAt(i) !== q) {
        if (code.charAt(i) === "\\") i++;
        if (q !== "`" && code.charAt(i) === "\n") return 0; // unfinished string: run it so it errors
        i++;
      }
      if (i >= code.length) return q === "`" ? 1000 : 0;
      i++;
      continue;
    }
    if (c === "/" && code.charAt(i + 1) === "/") {
      while (i < code.length && code.charAt(i) !== "\n") i++;
      continue;
    }
    if (c === "/" && code.charAt(i + 1) === "*") {
      const end = code.indexOf("*/", i + 2);
      if (end < 0) return 1000;
      i = end + 2;
      continue;
    }
    if (c === "{" || c === "[" || c === "(") depth++;
    if (c === "}" || c === "]" || c === ")") {
      depth--;
      if (depth < 0) return depth;
    }
    i++;
  }
  return depth;
}

type EscapeState = "none" | "esc" | "esc-O" | "esc-[" | "esc-[-number";

export class EspruinoConsole {
  /** echo(0) turns echo off for good; DLE for one line. */
  echoOff = false;
  private echoOffForLine = false;
  private line = "";
  private inputLineRemoved = true;
  private escape: EscapeState = "none";
  private hadCR = false;

  constructor(private readonly hooks: ConsoleHooks) {}

  get locked(): boolean {
    return this.hooks.isLocked();
  }

  private echo(): boolean {
    return !this.echoOff && !this.echoOffForLine;
  }

  private showInputLine(): boolean {
    return this.echo() && !this.inputLineRemoved && !this.locked;
  }

  /** Console output converts \n to \r\n, as jsiConsolePrintString does. */
  print(text: string): void {
    this.hooks.write(text.replace(/\r?\n/g, "\r\n"));
  }

  /** What print()/console.log do: take the input line off the screen, then print. */
  printLine(text: string): void {
    this.removeInputLine();
    this.print(text + "\n");
  }

  removeInputLine(): void {
    if (this.inputLineRemoved) return;
    this.inputLineRemoved = true;
    if (this.echo()) this.hooks.write("\r\x1B[J");
  }

  /** The idle loop's part: puts the prompt (and any half-typed line) back. */
  idle(): void {
    if (!this.inputLineRemoved) return;
    this.inputLineRemoved = false;
    if (!this.echo()) return;
    this.hooks.write((this.locked ? "password" : "") + ">" + this.line.replace(/\n/g, "\r\n:"));
  }

  /** After reset()/load(): a fresh input line, the prompt comes back at the next idle. */
  restarted(): void {
    this.line = "";
    this.echoOff = false;
    this.echoOffForLine = false;
    this.escape = "none";
    this.inputLineRemoved = true;
  }

  receive(data: string): void {
    for (let i = 0; i < data.length; i++) this.handleChar(data.charAt(i));
  }

  private handleChar(ch: string): void {
    const code = ch.charCodeAt(0);
    if (this.locked) {
      if (ch === "\r" || ch === "\n") {
        const pwd = this.hooks.password();
        if (pwd !== undefined && this.line === pwd) this.hooks.unlock();
        this.line = "";
        if (this.locked) {
          this.print("\n  Invalid password\npassword>");
        } else {
          this.print("\n  Logged in.\n");
          this.inputLineRemoved = true;
          this.idle();
        }
      } else if (this.line.length < PASSWORD_INPUT_MAX) {
        this.line += ch;
      }
      return;
    }
    if (code === 3) { // Ctrl-C (an interrupt on a device): drops the half-typed line
      if (this.line.length) {
        this.removeInputLine();
        this.line = "";
      }
      return;
    }
    if (code === 0 || code === 1 || code === 4 || code === 5) return; // cursor keys: the CLI never sends them
    if (code === 21 || code === 23) { // Ctrl-U / Ctrl-W
      this.removeInputLine();
      this.line = "";
      return;
    }
    if (code === 27) {
      this.escape = "esc";
      return;
    }
    if (this.escape === "esc") {
      this.escape = code === 79 ? "esc-O" : code === 91 ? "esc-[" : "none";
      if (code === 10) this.newLine(false); // Alt-Enter
      return;
    }
    if (this.escape === "esc-O") {
      this.escape = "none";
      return;
    }
    if (this.escape === "esc-[") {
      this.escape = ch >= "0" && ch <= "9" ? "esc-[-number" : "none";
      return;
    }
    if (this.escape === "esc-[-number") {
      if (!(ch >= "0" && ch <= "9")) this.escape = "none"; // ESC [ n d sets the line number: ignored
      return;
    }
    if (code === 16 && this.line.length === 0) {
      this.echoOffForLine = true;
      return;
    }
    const wasCR = this.hadCR;
    this.hadCR = false;
    if (code === 8 || code === 127) {
      if (this.line.length) {
        this.line = this.line.slice(0, -1);
        if (this.showInputLine()) this.hooks.write("\b \b");
      }
    } else if (ch === "\n" && wasCR) {
      // \r\n: already handled at \r
    } else if (ch === "\r" || ch === "\n") {
      this.hadCR = ch === "\r";
      this.newLine(true);
    } else if (code >= 32 || ch === "\t") {
      const text = ch === "\t" ? "    " : ch;
      this.line += text;
      if (this.showInputLine()) this.hooks.write(text);
    }
  }

  private newLine(execute: boolean): void {
    if (execute && bracketDepth(this.line) <= 0) {
      if (this.showInputLine()) this.print("\n");
      if (!this.echoOffForLine) this.inputLineRemoved = true;
      const code = this.line.replace(/\s+$/, "");
      this.line = "";
      const result = this.hooks.run(code);
      if (this.echo() && !result.threw && code !== "") {
        this.print("=" + formatResult(result.value) + "\n");
      }
      if (result.threw) {
        this.removeInputLine();
        this.print("Uncaught " + describeThrown(result.error) + "\n");
      }
      this.echoOffForLine = false;
    } else {
      if (this.showInputLine()) this.print("\n:");
      this.line += "\n";
    }
  }
}
