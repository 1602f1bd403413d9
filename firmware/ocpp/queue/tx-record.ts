// One transaction-related message as the offline queue keeps it in flash: the charger's model of
// StartTransaction / StopTransaction / MeterValues, not the wire payload (operations/*.ts build
// that at delivery). Compact JSON, short keys:
//   r ref   c connectorId   i idTag   m meter (Wh)   x transactionId   o stop reason
//   t time (UTC epoch seconds), or, while the wall clock was unknown:
//   b boot id + u uptime (ms) of that boot, resolved to a time at delivery (see delivery-state.ts).
// Times are kept in whole seconds: epoch milliseconds have 13 digits, more than Espruino's JSON
// keeps (about 12).

export const KIND_START = 1;
export const KIND_STOP = 2;
export const KIND_METER = 3;

export interface TxRecord {
  kind: number;
  ref: number;
  connectorId: number;
  idTag: string;
  /** meterStart, meterStop or the sampled register (Wh). */
  meterWh: number;
  transactionId?: number;
  reason?: string;
  epochS?: number;
  bootId?: number;
  uptimeMs?: number;
}

export function encodeTxRecord(rec: TxRecord): string {
  const o: any = { r: rec.ref };
  if (rec.kind !== KIND_STOP) o.c = rec.connectorId;
  if (rec.kind !== KIND_METER) o.i = rec.idTag;
  o.m = rec.meterWh;
  if (rec.transactionId !== undefined) o.x = rec.transactionId;
  if (rec.reason !== undefined) o.o = rec.reason;
  if (rec.epochS !== undefined) o.t = rec.epochS;
  else {
    o.b = rec.bootId;
    o.u = rec.uptimeMs;
  }
  return JSON.stringify(o);
}

function isInt(v: any): boolean {
  return typeof v === "number" && Math.floor(v) === v && v >= -2147483648 && v <= 0xffffffffff;
}

/** The record, or undefined if the stored text is not one (never delivered then). */
export function decodeTxRecord(kind: number, payload: string): TxRecord | undefined {
  if (kind !== KIND_START && kind !== KIND_STOP && kind !== KIND_METER) return undefined;
  let o: any;
  try {
    o = JSON.parse(payload);
  } catch (e) {
    return undefined;
  }
  if (!o || typeof o !== "object" || !isInt(o.r) || typeof o.m !== "number") return undefined;
  const rec: TxRecord = { kind: kind, ref: o.r, connectorId: isInt(o.c) ? o.c : 1, idTag: typeof o.i === "string" ? o.i : "", meterWh: o.m };
  if (kind !== KIND_METER && rec.idTag === "") return undefined;
  if (isInt(o.x)) rec.transactionId = o.x;
  if (typeof o.o === "string") rec.reason = o.o;
  if (isInt(o.t)) rec.epochS = o.t;
  else if (isInt(o.b) && isInt(o.u)) {
    rec.bootId = o.b;
    rec.uptimeMs = o.u;
  } else return undefined;
  return rec;
}
