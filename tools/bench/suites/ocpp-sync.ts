// A full Local Authorization List of 10,000 cards brought onto the charger, in chunks of
// SendLocalListMaxLength (one Full message, then Differential ones), through the whole OCPP side
// (WebSocket client, RPC, SendLocalList handler, FlashLocalAuthList on a simulated ESP32 flash),
// from a simulated Central System over the simulated network (25 ms each way).
// - bytes_on_wire: every byte of the connection while the list is synced, both directions
//   (WebSocket framing and masking included);
// - messages: SendLocalList messages sent;
// - sim_ms: simulated time from the first message to the last answer. Only network latency takes
//   simulated time here; flash writes and CPU time are not modelled (see the device bench).
// `ocpp.sendlocallist.max_chunk_heap_bytes`: extra Node heap held while one maximal chunk of
// worst-case entries is applied (child process with --expose-gc, tools/bench/heap/).
import { execFileSync } from "child_process";
import * as path from "path";
import { Metric } from "../metric";
import { planFullSync, sampleCards, SyncMessage } from "../../ocpp-testkit/list-sync";
import { SimCharger } from "../../ocpp-testkit/sim-charger";

const CARDS = 10_000;
const LATENCY_MS = 25;

function syncFull(): { bytes: number; messages: number; simMs: number; maxPerMessage: number } {
  const c = new SimCharger({ latencyMs: LATENCY_MS });
  c.runUntil(() => c.online(), "online");
  c.clock.advance(1000);
  const max = Number(c.callCharger("GetConfiguration", { key: ["SendLocalListMaxLength"] }).result.configurationKey[0].value);
  const plan: SyncMessage[] = planFullSync(sampleCards(CARDS), max, 1000);
  const link = c.net.last()!;
  const bytes0 = link.bytesToServer + link.bytesToClient;
  const t0 = c.clock.now();
  for (const m of plan) {
    const r = c.callCharger("SendLocalList", m);
    if (!r.result || r.result.status !== "Accepted") throw new Error(`chunk ${m.listVersion}: ${JSON.stringify(r)}`);
  }
  const simMs = c.clock.now() - t0;
  const bytes = link.bytesToServer + link.bytesToClient - bytes0;
  if (c.list.count() !== CARDS || c.list.version() !== 1000) throw new Error(`synced list has ${c.list.count()} entries, version ${c.list.version()}`);
  if (c.cs.invalid.length) throw new Error("invalid messages: " + c.cs.invalid.slice(0, 3).join("; "));
  return { bytes, messages: plan.length, simMs, maxPerMessage: max };
}

function chunkHeap(): { heapBytes: number; jsVars: number; entries: number; frameBytes: number } {
  const root = path.resolve(__dirname, "../../..");
  const out = execFileSync(process.execPath, ["--expose-gc", "--require", require.resolve("tsx/cjs"), path.join(root, "tools/bench/heap/sendlocallist-heap.ts")], {
    cwd: root,
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").pop() as string);
}

export async function run(): Promise<Metric[]> {
  const s = syncFull();
  const h = chunkHeap();
  return [
    { id: "ocpp.sync_full_10k.bytes_on_wire", value: s.bytes, unit: "bytes", note: `${Math.round(s.bytes / CARDS)} B per card` },
    { id: "ocpp.sync_full_10k.messages", value: s.messages, unit: "count", note: `SendLocalListMaxLength ${s.maxPerMessage}` },
    { id: "ocpp.sync_full_10k.sim_ms", value: s.simMs, unit: "ms", note: `${LATENCY_MS} ms one way; flash time not modelled` },
    { id: "ocpp.sendlocallist.max_chunk_heap_bytes", value: h.heapBytes, unit: "bytes", note: `${h.entries} worst-case entries, ${h.frameBytes}-byte frame (Node heap); ~${h.jsVars} Espruino JsVars (shim estimate)` },
  ];
}
