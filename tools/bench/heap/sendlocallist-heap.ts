// Child process of the ocpp-sync bench (run with --expose-gc): extra Node heap held while one
// SendLocalList of SendLocalListMaxLength worst-case entries is applied, as a proxy for device RAM.
// While the store applies a message, the charger holds: the frame text, its parsed tree (the
// payload, with expiry dates turned into numbers in place by the handler) and the store's
// normalized copy (UpdateMessage). A single message is too small against the heap's own noise
// (JIT code, feedback vectors: +-25 KB between identical rounds), so COPIES of that set are built
// and held at once, the heap is measured after a forced GC before and after, and the difference is
// divided by COPIES. The message is also applied once through the real handler (answer printed).
// Prints one JSON line.
import { SimClock } from "../../../hal/sim/clock";
import { SimStorage } from "../../../hal/sim/storage";
import { FlashLocalAuthList } from "../../../firmware/allowlist/flash-local-list";
import { UpdateMessage } from "../../../firmware/allowlist/update-message";
import { Settings } from "../../../firmware/config/settings";
import { MAX_MESSAGE_BYTES, sendLocalListMaxLength } from "../../../firmware/ocpp/local-list-limits";
import { sendLocalListHandler } from "../../../firmware/ocpp/operations/SendLocalList";
import { RpcEndpoint } from "../../../firmware/ocpp/rpc/rpc-endpoint";
import { parseFrame } from "../../../firmware/ocpp/rpc/rpc-frame";
import { confirmationType, isCentralSystemAction, requestType } from "../../../firmware/ocpp/schema/ocpp16-schemas";
import { MessageLink, MessageLinkListener } from "../../../firmware/ocpp/transport/ws-link";
import { idTagInfoToModelInPlace } from "../../../firmware/ocpp/wire/id-tag-info";
import { estimateJsVars } from "../../sim/shim/jsvar-estimate";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const COPIES = 200;

class Link implements MessageLink {
  sent: string[] = [];
  listener!: MessageLinkListener;
  send(t: string): boolean {
    this.sent.push(t);
    return true;
  }
  isOpen(): boolean {
    return true;
  }
  setListener(l: MessageLinkListener): void {
    this.listener = l;
  }
}

/** The frame of `n` worst-case entries (20-character idTags, expiry with offset, 20-character parents). */
function frame(n: number, version: number, copy: number): string {
  const entries = [];
  for (let i = 0; i < n; i++) {
    entries.push({
      idTag: ("C" + copy + "-" + i + "-ABCDEFGHIJKLMNOPQRST").slice(0, 20),
      idTagInfo: { status: "ConcurrentTx", expiryDate: "2026-12-31T23:59:59.999+01:00", parentIdTag: ("GROUP-" + (i % 16) + "-ABCDEFGHIJKLMNOP").slice(0, 20) },
    });
  }
  return "[2," + JSON.stringify(["b".repeat(36), "SendLocalList", { listVersion: version, updateType: "Full", localAuthorizationList: entries }]).slice(1);
}

/** What the charger holds while the store applies one message. */
function held(text: string): unknown[] {
  const f = parseFrame(text) as any;
  const entries = f.payload.localAuthorizationList;
  for (const e of entries) idTagInfoToModelInPlace(e.idTagInfo);
  const normalized = new UpdateMessage();
  if (!normalized.parse(entries, true)) throw new Error("not a valid list: " + normalized.error);
  return [text, f, normalized];
}

const storage = new SimStorage();
const settings = new Settings(storage);
settings.load();
const list = new FlashLocalAuthList(storage);
const max = sendLocalListMaxLength(MAX_MESSAGE_BYTES, list.maxEntriesPerUpdate());
settings.setComputed("SendLocalListMaxLength", String(max));
const link = new Link();
const rpc = new RpcEndpoint(link, new SimClock(), { requestType, confirmationType, isKnownAction: isCentralSystemAction });
rpc.handle("SendLocalList", sendLocalListHandler({ list, settings }));
link.listener.onLinkMessage(frame(max, 1, 0));
const answer = JSON.parse(link.sent.pop() as string)[2].status;

for (let i = 0; i < 50; i++) held(frame(max, 1, i)); // warm-up
const perMessage: number[] = [];
let frameBytes = 0;
for (let round = 0; round < 3; round++) {
  const texts: string[] = [];
  for (let k = 0; k < COPIES; k++) texts.push(frame(max, 1, round * COPIES + k));
  frameBytes = texts[0]!.length;
  gc();
  const before = process.memoryUsage().heapUsed;
  // The texts exist before (they arrive from the socket), but they are part of what is held:
  // measured separately from the heap's string accounting below.
  const keep: unknown[] = [];
  for (let k = 0; k < COPIES; k++) keep.push(held(texts[k]!));
  gc();
  const trees = (process.memoryUsage().heapUsed - before) / COPIES;
  texts.length = 0;
  keep.length = 0;
  gc();
  perMessage.push(Math.round(trees));
}
// The same set in Espruino JsVars, by the shim's estimator (one copy of the text).
const sample = held(frame(max, 1, 9999));
const jsVars = estimateJsVars(sample[0], new Set()) + estimateJsVars(sample[1], new Set()) + estimateJsVars(sample[2], new Set([sample[1]]));
// One-byte strings take 1 byte per character in V8 (plus a 16-byte header).
const textBytes = frameBytes + 16;
const heapBytes = Math.min(...perMessage) + textBytes;
console.log(JSON.stringify({ heapBytes, jsVars, parsedBytes: Math.min(...perMessage), textBytes, rounds: perMessage, entries: max, frameBytes, answer }));
