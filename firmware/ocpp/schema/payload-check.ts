// A small checker for OCPP JSON payloads, driven by compact type strings instead of a JSON-schema
// engine: the strings cost little RAM (and none when the code runs from flash), and one walk
// validates a payload without allocating per field.
//
// Type grammar:
//   s      string            s20   string of at most 20 characters (code points, as JSON schema counts)
//   t      date-time string (firmware/time/iso8601.ts)
//   i      integer           n     number            n.1   number, multiple of 0.1
//   (A|B)  one of these strings
//   [T]    array of T
//   {a!:T,b:U}  object with only these properties; "!" marks a required one; {} = no properties
//
// Verdicts match the official OCPP 1.6 JSON schemas (checked against them in
// test/firmware/ocpp/schema/ocpp16-schemas.test.ts). Error codes (OCPP-J 1.6 §4.2.3):
//   TypeConstraintViolation      a field has the wrong JSON type
//   PropertyConstraintViolation  a value is out of its enum, too long, not a date-time, not a multiple of 0.1
//   OccurenceConstraintViolation a required field is missing
//   FormationViolation           a property the message does not define, or the payload is not an object

import { codedError } from "../../../hal/coded-error";
import { isIsoDateTime } from "../../time/iso8601";
import {
  FORMATION_VIOLATION,
  OCCURENCE_CONSTRAINT_VIOLATION,
  PROPERTY_CONSTRAINT_VIOLATION,
  TYPE_CONSTRAINT_VIOLATION,
} from "../rpc/rpc-errors";

export interface Violation {
  /** OCPP-J error code. */
  code: string;
  /** Where and what, e.g. "localAuthorizationList[2].idTag: longer than 20". */
  message: string;
}

/** Length in code points (a surrogate pair counts once), as JSON schema's maxLength counts. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return n;
}

function hasOwn(o: any, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function isPlainObject(v: any): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Property names in type strings are letters and digits only. */
function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

class Walk {
  pos = 0;
  code = "";
  message = "";

  constructor(private readonly spec: string) {}

  failed(): boolean {
    return this.code !== "";
  }

  fail(code: string, path: string, what: string): void {
    if (this.code) return;
    this.code = code;
    this.message = (path || "payload") + ": " + what;
  }

  /** Reads a decimal number at pos, or -1 if there is none. */
  private number(): number {
    let v = -1;
    for (;;) {
      const d = this.spec.charCodeAt(this.pos) - 48;
      if (!(d >= 0 && d <= 9)) return v;
      v = (v < 0 ? 0 : v * 10) + d;
      this.pos++;
    }
  }

  /** Walks the type at pos (always consuming it); checks `value` against it when `check`. */
  type(value: any, check: boolean, path: string): void {
    const spec = this.spec;
    const c = spec.charAt(this.pos);
    if (c === "s") {
      this.pos++;
      const max = this.number();
      if (!check) return;
      if (typeof value !== "string") return this.fail(TYPE_CONSTRAINT_VIOLATION, path, "not a string");
      if (max >= 0 && value.length > max && codePointLength(value) > max) this.fail(PROPERTY_CONSTRAINT_VIOLATION, path, "longer than " + max);
      return;
    }
    if (c === "t") {
      this.pos++;
      if (!check) return;
      if (typeof value !== "string") return this.fail(TYPE_CONSTRAINT_VIOLATION, path, "not a string");
      if (!isIsoDateTime(value)) this.fail(PROPERTY_CONSTRAINT_VIOLATION, path, "not an RFC 3339 date-time");
      return;
    }
    if (c === "i") {
      this.pos++;
      if (check && !(typeof value === "number" && isFinite(value) && value % 1 === 0)) this.fail(TYPE_CONSTRAINT_VIOLATION, path, "not an integer");
      return;
    }
    if (c === "n") {
      this.pos++;
      let tenths = false;
      if (spec.charAt(this.pos) === ".") {
        // Only ".1" exists in OCPP 1.6 (charging limits).
        this.pos += 2;
        tenths = true;
      }
      if (!check) return;
      if (!(typeof value === "number" && isFinite(value))) return this.fail(TYPE_CONSTRAINT_VIOLATION, path, "not a number");
      if (tenths) {
        // The Central System's rule for multipleOf 0.1 (ocpp-rpc): within 1e-6 of a multiple.
        const r = value / 0.1;
        if (!(Math.abs(Math.round(r) - r) < 1e-6)) this.fail(PROPERTY_CONSTRAINT_VIOLATION, path, "not a multiple of 0.1");
      }
      return;
    }
    if (c === "(") {
      const close = spec.indexOf(")", this.pos);
      const options = spec.substring(this.pos, close + 1).replace("(", "|").replace(")", "|");
      this.pos = close + 1;
      if (!check) return;
      if (typeof value !== "string") return this.fail(TYPE_CONSTRAINT_VIOLATION, path, "not a string");
      if (value.indexOf("|") >= 0 || options.indexOf("|" + value + "|") < 0) this.fail(PROPERTY_CONSTRAINT_VIOLATION, path, "not one of " + options.substring(1, options.length - 1));
      return;
    }
    if (c === "[") {
      this.pos++;
      const start = this.pos;
      if (check && !Array.isArray(value)) {
        this.fail(TYPE_CONSTRAINT_VIOLATION, path, "not an array");
        check = false;
      }
      if (!check || value.length === 0) this.type(undefined, false, path);
      else {
        // Each element walks the element type again; the last walk leaves pos after it.
        for (let i = 0; i < value.length && !this.failed(); i++) {
          this.pos = start;
          this.type(value[i], true, path + "[" + i + "]");
        }
      }
      this.pos++; // "]"
      return;
    }
    if (c === "{") {
      this.object(value, check, path);
      return;
    }
    throw codedError("SPEC", "payload-check: bad type string at " + this.pos + ": " + spec);
  }

  private object(value: any, check: boolean, path: string): void {
    const spec = this.spec;
    const open = this.pos;
    this.pos++;
    if (check && !isPlainObject(value)) {
      this.fail(path ? TYPE_CONSTRAINT_VIOLATION : FORMATION_VIOLATION, path, "not an object");
      check = false;
    }
    let matched = 0;
    while (spec.charAt(this.pos) !== "}") {
      const nameStart = this.pos;
      while (isNameChar(spec.charCodeAt(this.pos))) this.pos++;
      const name = spec.substring(nameStart, this.pos);
      const required = spec.charAt(this.pos) === "!";
      if (required) this.pos++;
      this.pos++; // ":"
      const has = check && hasOwn(value, name);
      const fieldPath = path ? path + "." + name : name;
      if (check && required && !has) this.fail(OCCURENCE_CONSTRAINT_VIOLATION, fieldPath, "required");
      this.type(has ? value[name] : undefined, has && !this.failed(), fieldPath);
      if (has) matched++;
      if (spec.charAt(this.pos) === ",") this.pos++;
    }
    this.pos++; // "}"
    if (!check || this.failed()) return;
    const keys = Object.keys(value);
    if (keys.length === matched) return;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      if (!this.declares(open, k)) return this.fail(FORMATION_VIOLATION, path ? path + "." + k : k, "not a property of this message");
    }
  }

  /** Whether the object type starting at `open` declares property `key` (at its own level). */
  private declares(open: number, key: string): boolean {
    for (let i = 0; i < key.length; i++) if (!isNameChar(key.charCodeAt(i))) return false;
    const spec = this.spec;
    let depth = 0;
    let atName = true;
    for (let p = open + 1; p < spec.length; p++) {
      const ch = spec.charAt(p);
      if (ch === "{" || ch === "[" || ch === "(") depth++;
      else if (ch === "}" || ch === "]" || ch === ")") {
        if (depth === 0) return false;
        depth--;
      } else if (depth === 0 && ch === ",") atName = true;
      else if (depth === 0 && atName) {
        atName = false;
        if (spec.substring(p, p + key.length) === key) {
          const after = spec.charAt(p + key.length);
          if (after === ":" || after === "!") return true;
        }
      }
    }
    return false;
  }
}

/** Checks a payload against a type string; undefined when it conforms. */
export function checkPayload(spec: string, value: any): Violation | undefined {
  const w = new Walk(spec);
  w.type(value, true, "");
  return w.failed() ? { code: w.code, message: w.message } : undefined;
}
