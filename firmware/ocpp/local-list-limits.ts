// How many entries one SendLocalList may carry (SendLocalListMaxLength), so that a message of that
// many entries fits in device RAM next to everything else.
//
// 1. Bytes: the WebSocket client refuses a message larger than MAX_MESSAGE_BYTES (closes with
//    1009), so a message of the announced length must fit in it whatever the entries hold. The
//    largest entry a conforming Central System sends (printable idTags, no JSON whitespace):
//      {"idTag":"<20>","idTagInfo":{"status":"ConcurrentTx","expiryDate":"<29>","parentIdTag":"<20>"}},
//    = 153 bytes with a 29-character expiryDate ("2026-12-31T23:59:59.999+01:00"); WORST_ENTRY_BYTES
//    adds 7 bytes for escaped characters (`\"`, `\\`). The frame around the list, with a 36-character
//    message id and a 10-digit listVersion:
//      [2,"<36>","SendLocalList",{"listVersion":2147483647,"updateType":"Differential","localAuthorizationList":[]}]
//    = 141 bytes; ENVELOPE_BYTES rounds it up to 160. (8192 - 160) / 160 = 50.2 -> 50 entries.
// 2. RAM on Espruino (ESP32: 16,383 JsVars of 16 bytes; what matters is JsVars): while one maximal
//    message is applied the charger holds
//      - its text, up to 3 copies at 12 bytes per JsVar (frame payload, decoded text, and the
//        reassembly buffer for a fragmented one): 3 x 8192 / 12 = 2,048 JsVars;
//      - its parsed tree: per entry an array slot, 2 objects, 5 name/value pairs, strings of up to
//        29 characters in 1-3 JsVars: about 20 JsVars; 50 entries = 1,000 JsVars;
//      - the store's normalized copy (update-message.ts: 26 bytes per entry in typed arrays plus
//        two arrays of one value per entry): about 6 JsVars per entry = 300 JsVars;
//    about 3,350 JsVars = 54 KB at worst, a fifth of the interpreter's memory, released right after.
//    (The shim's estimator, tools/sim/shim/jsvar-estimate.ts, counts 16 JsVars per parsed entry, 13
//    after the handler's in-place conversion, and 6 for the normalized copy: the figures above are
//    on the safe side. The ocpp-sync bench prints it.)
//    A budget of RAM_BUDGET_JSVARS for one message bounds the entries at
//    (3,500 - 2,048) / 26 = 55, so the byte limit (50) is the tighter one.
// 3. The store: FlashLocalAuthList.maxEntriesPerUpdate() (150 with the default journal): one
//    Differential must fit in its journal.
// SendLocalListMaxLength = min(1, 2, 3) = 50 on the default configuration.

/** Largest WebSocket message the charger accepts (bytes). */
export const MAX_MESSAGE_BYTES = 8192;
export const WORST_ENTRY_BYTES = 160;
export const ENVELOPE_BYTES = 160;
export const RAM_BUDGET_JSVARS = 3500;
/** JsVars of one parsed entry plus its normalized copy in the store. */
const JSVARS_PER_ENTRY = 26;
const TEXT_COPIES = 3;
const BYTES_PER_STRING_JSVAR = 12;

/** Entries one SendLocalList may carry: the least of the byte, RAM and store limits (see above). */
export function sendLocalListMaxLength(maxMessageBytes: number, storeMaxEntries: number): number {
  const byBytes = Math.floor((maxMessageBytes - ENVELOPE_BYTES) / WORST_ENTRY_BYTES);
  const textJsVars = Math.ceil((TEXT_COPIES * maxMessageBytes) / BYTES_PER_STRING_JSVAR);
  const byRam = Math.floor((RAM_BUDGET_JSVARS - textJsVars) / JSVARS_PER_ENTRY);
  return Math.max(0, Math.min(byBytes, byRam, storeMaxEntries));
}
