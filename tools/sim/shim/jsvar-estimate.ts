// Node only. An estimate of how many Espruino JsVars (memory blocks) a value takes, for
// E.getSizeOf and process.memory() under the shim. It follows Espruino's layout roughly (a block
// per object, array, property name and non-inline value; strings and buffer data packed ~12 and
// ~16 bytes per block; small ints and booleans stored inside the property name) and is calibrated
// on the figures in ../shared/reference/espruino.md section 5 ({a:1} = 2, 10-element array = 11).
// It cannot see variables held only in closures, so it undercounts a bundle's state: real JsVar
// figures come from running the bundle on Espruino.

export const STRING_CHARS_PER_VAR = 12;
export const BUFFER_BYTES_PER_VAR = 16;
const FUNCTION_VARS = 4;

function isInline(v: unknown): boolean {
  return v === undefined || v === null || typeof v === "boolean" || (typeof v === "number" && Math.floor(v) === v && Math.abs(v) < 2147483648);
}

function stringVars(s: string): number {
  return Math.max(1, Math.ceil(s.length / STRING_CHARS_PER_VAR));
}

/** Blocks a property holding `value` takes: its name, plus the value unless it fits in the name. */
export function propertyJsVars(value: unknown, seen: Set<unknown>): number {
  return 1 + (isInline(value) ? 0 : estimateJsVars(value, seen));
}

/** Blocks taken by `v` and everything reachable from it (each object counted once per `seen`). */
export function estimateJsVars(v: unknown, seen: Set<unknown>): number {
  if (isInline(v) || typeof v === "number") return 1;
  if (typeof v === "string") return stringVars(v);
  if (typeof v !== "object" && typeof v !== "function") return 1;
  if (seen.has(v)) return 0;
  seen.add(v);
  if (ArrayBuffer.isView(v)) return 2 + Math.ceil(v.byteLength / BUFFER_BYTES_PER_VAR);
  if (Object.prototype.toString.call(v) === "[object ArrayBuffer]") return 1 + Math.ceil((v as ArrayBuffer).byteLength / BUFFER_BYTES_PER_VAR);
  let total = typeof v === "function" ? FUNCTION_VARS : 1;
  let names: string[];
  try {
    names = Object.keys(v as object);
  } catch {
    return total;
  }
  for (const k of names) {
    if (typeof v === "function" && (k === "prototype" || k === "length" || k === "name")) continue;
    let value: unknown;
    try {
      value = (v as any)[k];
    } catch {
      continue;
    }
    total += propertyJsVars(value, seen);
  }
  return total;
}
