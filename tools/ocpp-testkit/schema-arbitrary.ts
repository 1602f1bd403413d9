// Payload generators derived from an official JSON schema: mostly conforming values, with a few
// wrong types, missing required fields, unknown properties, over-long strings, bad enum values and
// bad date-times mixed in, so both verdicts occur often.
import fc from "fast-check";
import { allEnumValues, JsonSchema } from "./official-schemas";

const MISSING = Symbol("missing");

const anyWrong: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Infinity, -Infinity, 1e300, -0, 2 ** 53),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 2 }),
);

const dateTimes: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19) + "+02:00") },
  { weight: 1, arbitrary: fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19)) },
  { weight: 1, arbitrary: fc.constantFrom("2024-02-30T00:00:00Z", "2024-01-01T25:00:00Z", "yesterday", "", "2024-01-01", "2024-01-01T00:00:00.Z") },
);

function stringOf(max: number | undefined): fc.Arbitrary<string> {
  if (max === undefined) return fc.string({ maxLength: 30 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ maxLength: max }) },
    { weight: 2, arbitrary: fc.string({ minLength: Math.max(0, max - 2), maxLength: max + 2 }) },
    // Astral characters: a surrogate pair counts as one character in JSON schema.
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: Math.max(0, max - 3), maxLength: max + 1 }) },
  );
}

function goodValue(s: JsonSchema, noisy: boolean): fc.Arbitrary<unknown> {
  switch (s.type) {
    case "string":
      if (s.enum) {
        const e = s.enum;
        return fc.oneof(
          { weight: 24, arbitrary: fc.constantFrom(...e) },
          { weight: 1, arbitrary: fc.constantFrom(...e).map((v) => v.toLowerCase()) },
          { weight: 1, arbitrary: fc.constantFrom("", "Other", e.join("|"), "|" + (e[0] as string), ...allEnumValues()) },
        );
      }
      if (s.format === "date-time") return dateTimes;
      return stringOf(s.maxLength);
    case "integer":
      return fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -1000, max: 100000 }) }, { weight: 1, arbitrary: fc.constantFrom(1.5, -0.25, 1e20) });
    case "number":
      return fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: -1000, max: 10000 }).map((i) => i / 10) },
        { weight: 2, arbitrary: fc.double({ min: -1000, max: 1000, noNaN: true }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 1000 }) },
      );
    case "array":
      return fc.array(value(s.items as JsonSchema, noisy), { maxLength: 4 });
    case "object":
      return objectOf(s, noisy);
    default:
      throw new Error("no generator for " + JSON.stringify(s));
  }
}

function value(s: JsonSchema, noisy: boolean): fc.Arbitrary<unknown> {
  if (!noisy) return goodValue(s, false);
  return fc.oneof({ weight: 20, arbitrary: goodValue(s, true) }, { weight: 1, arbitrary: anyWrong });
}

/**
 * Objects for a schema. `noisy`: also wrong types, missing required fields and unknown properties;
 * otherwise every structural rule holds and only values (lengths, enums, date-times, numbers) vary,
 * which reaches deep optional fields far more often.
 */
export function objectOf(s: JsonSchema, noisy: boolean): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties || {};
  const names = Object.keys(props);
  const required = new Set(s.required || []);
  const fields = names.map((n) =>
    required.has(n)
      ? noisy
        ? fc.oneof({ weight: 25, arbitrary: value(props[n] as JsonSchema, noisy) }, { weight: 1, arbitrary: fc.constant(MISSING) })
        : value(props[n] as JsonSchema, noisy)
      : fc.oneof({ weight: noisy ? 1 : 3, arbitrary: value(props[n] as JsonSchema, noisy) }, { weight: 1, arbitrary: fc.constant(MISSING) }),
  );
  const extra = !noisy ? fc.constant(undefined) : fc.oneof(
    { weight: 25, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("extra", "IdTag", "__proto__", "a,b", "status:", ...names.map((n) => n + "x")), anyWrong) },
  );
  return fc.tuple(fc.tuple(...fields), extra).map(([vals, ex]) => {
    const o: Record<string, unknown> = {};
    names.forEach((n, i) => {
      if (vals[i] !== MISSING) o[n] = vals[i];
    });
    if (ex) Object.defineProperty(o, ex[0], { value: ex[1], enumerable: true, writable: true, configurable: true });
    return o;
  });
}

function canonical(s: JsonSchema, full: boolean): unknown {
  switch (s.type) {
    case "string":
      if (s.enum) return s.enum[0];
      if (s.format === "date-time") return "2024-01-01T00:00:00Z";
      return "A";
    case "integer":
      return 1;
    case "number":
      return 1;
    case "array":
      return full ? [canonical(s.items as JsonSchema, true)] : [];
    case "object": {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties || {})) if (full || (s.required || []).includes(k)) o[k] = canonical(v, full);
      return o;
    }
    default:
      throw new Error("no canonical value for " + JSON.stringify(s));
  }
}

function leafVariants(s: JsonSchema): unknown[] {
  const wrongTypes = [null, true, [], {}];
  switch (s.type) {
    case "string":
      if (s.enum) return [...allEnumValues(), ...s.enum.map((v) => v.toLowerCase()), "", 7, ...wrongTypes];
      if (s.format === "date-time")
        return ["2024-02-29T23:59:59.123+01:00", "2023-02-29T00:00:00Z", "2024-01-01T00:00:00", "2024-01-01 00:00:00Z", "2024-01-01", "", 0, ...wrongTypes];
      if (s.maxLength !== undefined)
        return ["x".repeat(s.maxLength), "x".repeat(s.maxLength + 1), "😀".repeat(s.maxLength), "😀".repeat(s.maxLength + 1), "", 1, ...wrongTypes];
      return ["", "x".repeat(5000), "😀", 1, ...wrongTypes];
    case "integer":
      return [0, -1, 2147483648, 1.5, 1e20, -0, "1", Infinity, ...wrongTypes];
    case "number":
      return [0, 0.1, 0.15, 0.3, 16.3, 16.35, 1e-7, -2.2, "1", Infinity, ...wrongTypes];
    default:
      return wrongTypes;
  }
}

/**
 * Deterministic boundary payloads for a schema: the minimal and the full conforming payload, then
 * the full one with each field in turn removed, replaced by each of its boundary values, or
 * joined by an unknown sibling.
 */
export function boundaryPayloads(schema: JsonSchema): unknown[] {
  const full = canonical(schema, true);
  const out: unknown[] = [canonical(schema, false), full];
  const visit = (node: JsonSchema, path: (string | number)[]): void => {
    const set = (value: unknown, remove: boolean): unknown => {
      const copy = JSON.parse(JSON.stringify(full));
      if (!path.length) return value;
      let o = copy;
      for (const k of path.slice(0, -1)) o = o[k];
      const last = path[path.length - 1] as string | number;
      if (remove) delete o[last];
      else o[last] = value;
      return copy;
    };
    if (path.length) out.push(set(undefined, true));
    if (node.type === "object") {
      const here = path.reduce<any>((o, k) => o[k], full);
      out.push(set({ ...here, unknownProperty: 1 }, false));
      for (const [k, v] of Object.entries(node.properties || {})) visit(v, [...path, k]);
    } else if (node.type === "array") {
      out.push(set([], false));
      visit(node.items as JsonSchema, [...path, 0]);
      for (const v of leafVariants(node)) out.push(set(v, false));
    } else for (const v of leafVariants(node)) out.push(set(v, false));
  };
  visit(schema, []);
  return out;
}
