// The official OCPP 1.6 JSON schemas and the strict validator ocpp-rpc applies (Node-only: tests, bench).
import Ajv from "ajv";
import addFormats from "ajv-formats";
import standardValidators from "ocpp-rpc/lib/standard-validators";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const schemas: any[] = require("ocpp-rpc/lib/schemas/ocpp1_6.json");

export type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: string[];
  maxLength?: number;
  format?: string;
  multipleOf?: number;
};

export function officialSchema(id: string): JsonSchema {
  const s = schemas.find((x) => x.$id === "urn:" + id);
  if (!s) throw new Error("no official schema " + id);
  return s;
}

const validator = (standardValidators as unknown as { subprotocol: string; validate(id: string, p: unknown): unknown }[]).find(
  (v) => v.subprotocol === "ocpp1.6",
)!;

/** The strict peer's verdict: undefined if valid, else its error code. */
export function officialVerdict(id: string, payload: unknown): string | undefined {
  try {
    validator.validate("urn:" + id, payload);
    return undefined;
  } catch (e) {
    return (e as { rpcErrorCode?: string }).rpcErrorCode || "error";
  }
}

/** Every enum value of every OCPP 1.6 schema (plausible wrong values for any one enum). */
export function allEnumValues(): string[] {
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === "object") {
      const o = n as Record<string, unknown>;
      if (Array.isArray(o.enum)) for (const v of o.enum) out.add(String(v));
      Object.values(o).forEach(walk);
    }
  };
  walk(schemas);
  return [...out];
}

// Every violation of a payload (ajv with allErrors), mapped to the OCPP-J error code the firmware
// uses for it (firmware/ocpp/schema/payload-check.ts), for checking the code it answers.

let allErrorsAjv: Ajv | undefined;

function allErrors(): Ajv {
  if (allErrorsAjv) return allErrorsAjv;
  const ajv = new Ajv({ strictSchema: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(schemas);
  // The same multipleOf rule as the strict peer (ocpp-rpc): within 1e-6 of a multiple.
  ajv.removeKeyword("multipleOf");
  ajv.addKeyword({
    keyword: "multipleOf",
    type: "number",
    compile: (m: number) => (data: number) => Math.abs(Math.round(data / m) - data / m) < 1e-6,
    errors: false,
    metaSchema: { type: "number" },
  });
  allErrorsAjv = ajv;
  return ajv;
}

export function expectedViolationCodes(id: string, payload: unknown): Set<string> {
  const validate = allErrors().getSchema("urn:" + id);
  if (!validate) throw new Error("no official schema " + id);
  const codes = new Set<string>();
  if (validate(payload)) return codes;
  for (const e of validate.errors || []) {
    if (e.keyword === "type") codes.add(e.instancePath === "" ? "FormationViolation" : "TypeConstraintViolation");
    else if (e.keyword === "required") codes.add("OccurenceConstraintViolation");
    else if (e.keyword === "additionalProperties") codes.add("FormationViolation");
    else codes.add("PropertyConstraintViolation"); // enum, maxLength, format, multipleOf
  }
  return codes;
}
