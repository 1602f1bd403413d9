// Node's JSON.parse says what is wrong but not where (Node 20: `Unexpected token '}', "..." is not
// valid JSON`). This scanner walks the text by the JSON grammar only to find the first error, so a
// technician gets `line:column` and what was expected there.

export interface JsonErrorPlace {
  line: number;
  column: number;
  message: string;
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw { at, message };
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }

  /** The character at the cursor, described for a message. */
  found(): string {
    if (this.pos >= this.text.length) return "the end of the file";
    const c = this.peek();
    if (c === "\n") return "the end of the line";
    return `'${c}'`;
  }

  space(): void {
    while (this.pos < this.text.length && " \t\r\n".includes(this.peek())) this.pos++;
  }

  value(): void {
    this.space();
    const c = this.peek();
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    if (c === "'") this.fail("strings need double quotes (\"...\"), not single quotes");
    if (c === "}" || c === "]") this.fail(`expected a value, found ${this.found()} (a trailing comma before it?)`);
    this.fail(`expected a value (a "string", number, true, false, null, {...} or [...]), found ${this.found()}`);
  }

  object(): void {
    this.pos++; // {
    this.space();
    if (this.peek() === "}") {
      this.pos++;
      return;
    }
    for (;;) {
      this.space();
      if (this.peek() !== '"') {
        if (this.peek() === "}") this.fail("expected a \"key\" after the comma, found '}' (remove the trailing comma)");
        this.fail(`expected a "key" in double quotes, found ${this.found()}`);
      }
      this.string();
      this.space();
      if (this.peek() !== ":") this.fail(`expected ':' after the key, found ${this.found()}`);
      this.pos++;
      this.value();
      this.space();
      const c = this.peek();
      if (c === ",") {
        this.pos++;
        continue;
      }
      if (c === "}") {
        this.pos++;
        return;
      }
      this.fail(`expected ',' or '}' after the value, found ${this.found()} (a missing comma?)`);
    }
  }

  array(): void {
    this.pos++; // [
    this.space();
    if (this.peek() === "]") {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.space();
      const c = this.peek();
      if (c === ",") {
        this.pos++;
        this.space();
        if (this.peek() === "]") this.fail("expected a value after the comma, found ']' (remove the trailing comma)");
        continue;
      }
      if (c === "]") {
        this.pos++;
        return;
      }
      this.fail(`expected ',' or ']' after the value, found ${this.found()} (a missing comma?)`);
    }
  }

  string(): void {
    const start = this.pos;
    this.pos++; // "
    while (this.pos < this.text.length) {
      const c = this.peek();
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === "\n") this.fail("string not closed before the end of the line (a missing \")", start);
      if (c < " ") this.fail("control character inside a string (write it as \\n, \\t ...)");
      if (c === "\\") {
        const e = this.text.charAt(this.pos + 1);
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.substr(this.pos + 2, 4))) this.fail("\\u needs four hex digits");
          this.pos += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e) || e === "") this.fail(`unknown escape \\${e} in a string`);
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    this.fail("string not closed (a missing \")", start);
  }

  number(): void {
    const start = this.pos;
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (!m || m[0] === "-") this.fail("malformed number", start);
    this.pos += m[0].length;
    if (/[0-9.xXeE]/.test(this.peek())) this.fail("malformed number (no leading zeros, hex or trailing dots in JSON)", start);
  }
}

function place(text: string, at: number, message: string): JsonErrorPlace {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < text.length; i++) {
    if (text.charAt(i) === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart + 1, message };
}

/** Where the first JSON syntax error in `text` is, or undefined if the grammar finds none. */
export function locateJsonError(text: string): JsonErrorPlace | undefined {
  const s = new Scanner(text);
  try {
    s.space();
    if (s.pos >= text.length) s.fail("the file is empty (expected {...})");
    s.value();
    s.space();
    if (s.pos < text.length) s.fail(`unexpected ${s.found()} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    const err = e as { at: number; message: string };
    if (typeof err.at !== "number") throw e;
    return place(text, err.at, err.message);
  }
}
