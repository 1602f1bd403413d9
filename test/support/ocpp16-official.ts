// The official OCPP 1.6 JSON schemas and the strict validator ocpp-rpc applies (test-only).
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
