// OCPP-J 1.6 §4 message frames: CALL [2, id, action, payload], CALLRESULT [3, id, payload],
// CALLERROR [4, id, code, description, details], as JSON text.
import { FORMATION_VIOLATION, GENERIC_ERROR, PROTOCOL_ERROR } from "./rpc-errors";

export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;

/** OCPP-J: message ids are at most 36 characters. */
export const MAX_MESSAGE_ID = 36;

/** The id a CALLERROR carries when the offending frame's id could not be read. */
export const UNKNOWN_ID = "-1";

export function encodeCall(id: string, action: string, payload: object): string {
  return JSON.stringify([CALL, id, action, payload]);
}

export function encodeResult(id: string, payload: object): string {
  return JSON.stringify([CALLRESULT, id, payload]);
}

export function encodeError(id: string, code: string, description: string): string {
  return JSON.stringify([CALLERROR, id, code, description, {}]);
}

/**
 * An inbound frame, classified. `kind`:
 * - "call": `id`, `action`, `payload` (payload not yet validated);
 * - "result": `id`, `payload`;
 * - "error": `id`, `code`, `description`;
 * - "bad": not a valid frame. `answer` says whether a CALLERROR is due (anything that is not a
 *   response: responses are never answered), with `code`, `description`, and `id` (UNKNOWN_ID when
 *   unreadable). A response-shaped bad frame keeps its `id` so a waiting call can fail at once.
 */
export interface InboundFrame {
  kind: "call" | "result" | "error" | "bad";
  id: string;
  action: string;
  payload: any;
  code: string;
  description: string;
  answer: boolean;
}

function frame(kind: InboundFrame["kind"], id: string): InboundFrame {
  return { kind: kind, id: id, action: "", payload: undefined, code: "", description: "", answer: false };
}

function bad(id: string, answer: boolean, code: string, description: string): InboundFrame {
  const f = frame("bad", id);
  f.answer = answer;
  f.code = code;
  f.description = description;
  return f;
}

function isPlainObject(v: any): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function parseFrame(text: string): InboundFrame {
  let m: any;
  try {
    m = JSON.parse(text);
  } catch (e) {
    return bad(UNKNOWN_ID, true, FORMATION_VIOLATION, "message is not JSON");
  }
  if (!Array.isArray(m)) return bad(UNKNOWN_ID, true, FORMATION_VIOLATION, "message is not a JSON array");
  const type = m[0];
  const rawId = m[1];
  const idOk = typeof rawId === "string" && rawId.length > 0 && rawId.length <= MAX_MESSAGE_ID;
  const id: string = typeof rawId === "string" ? rawId : UNKNOWN_ID;
  if (type === CALLRESULT || type === CALLERROR) {
    // A response: never answered. Malformed ones are reported, with their id if readable.
    if (typeof rawId !== "string") return bad(UNKNOWN_ID, false, FORMATION_VIOLATION, "response without a string message id");
    if (type === CALLRESULT) {
      if (m.length !== 3) return bad(id, false, FORMATION_VIOLATION, "CALLRESULT must have 3 elements");
      if (!isPlainObject(m[2])) return bad(id, false, FORMATION_VIOLATION, "CALLRESULT payload is not an object");
      const r = frame("result", id);
      r.payload = m[2];
      return r;
    }
    const e = frame("error", id);
    // Lenient on the rest: the call fails either way.
    e.code = typeof m[2] === "string" && m[2].length ? m[2] : GENERIC_ERROR;
    e.description = typeof m[3] === "string" ? m[3] : "";
    return e;
  }
  if (type !== CALL) {
    return bad(id, true, FORMATION_VIOLATION, "message type must be 2, 3 or 4");
  }
  if (!idOk) return bad(id, true, FORMATION_VIOLATION, "message id must be a string of 1 to " + MAX_MESSAGE_ID + " characters");
  if (m.length < 4) return bad(id, true, PROTOCOL_ERROR, "CALL is incomplete (needs id, action and payload)");
  if (m.length > 4) return bad(id, true, FORMATION_VIOLATION, "CALL has more than 4 elements");
  if (typeof m[2] !== "string" || !m[2].length) return bad(id, true, FORMATION_VIOLATION, "action must be a non-empty string");
  const c = frame("call", id);
  c.action = m[2];
  c.payload = m[3];
  return c;
}
