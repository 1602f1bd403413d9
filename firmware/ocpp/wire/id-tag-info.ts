// idTagInfo between the wire (OCPP 1.6 §7.28: expiryDate as an RFC 3339 date-time) and the
// firmware's model (firmware/auth/id-tag-info.ts: expiresAt in UTC epoch seconds).
import { AuthorizationStatus, IdTagInfo } from "../../authorization/id-tag-info";
import { formatIsoDateTime, parseIsoDateTime } from "../../time/iso8601";

/** A validated wire idTagInfo (the payload checker has already checked its types). */
export interface WireIdTagInfo {
  status: AuthorizationStatus;
  expiryDate?: string;
  parentIdTag?: string;
}

/** Model from wire. An expiryDate that does not parse (cannot happen after validation) is dropped. */
export function idTagInfoFromWire(w: WireIdTagInfo): IdTagInfo {
  const info: IdTagInfo = { status: w.status };
  if (w.expiryDate !== undefined) {
    const ms = parseIsoDateTime(w.expiryDate);
    if (ms !== undefined) info.expiresAt = Math.floor(ms / 1000);
  }
  if (w.parentIdTag !== undefined) info.parentIdTag = w.parentIdTag;
  return info;
}

/** Wire from model. */
export function idTagInfoToWire(info: IdTagInfo): WireIdTagInfo {
  const w: WireIdTagInfo = { status: info.status };
  if (info.expiresAt !== undefined) w.expiryDate = formatIsoDateTime(info.expiresAt * 1000);
  if (info.parentIdTag !== undefined) w.parentIdTag = info.parentIdTag;
  return w;
}

/**
 * Turns a wire idTagInfo into the model in place (expiryDate replaced by expiresAt), so that a
 * SendLocalList of many entries needs no second copy of its entries in RAM.
 */
export function idTagInfoToModelInPlace(w: any): void {
  if (w.expiryDate !== undefined) {
    const ms = parseIsoDateTime(w.expiryDate);
    delete w.expiryDate;
    if (ms !== undefined) w.expiresAt = Math.floor(ms / 1000);
  }
}
