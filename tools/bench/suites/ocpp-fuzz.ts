// Long fuzz of the charger's inbound OCPP-J path: >= 100,000 random, generated and mutated frames
// into a real RpcEndpoint, judged by an oracle from OCPP-J 1.6 and the official schemas
// (tools/ocpp-testkit/inbound-fuzz.ts). `ocpp.fuzz.failures` must be 0.
import { Metric } from "../metric";
import { runInboundFuzz } from "../../ocpp-testkit/inbound-fuzz";

const FRAMES = 100_000;

export async function run(): Promise<Metric[]> {
  const r = runInboundFuzz(FRAMES, 0x0c99);
  for (const e of r.examples) console.error("[ocpp-fuzz] " + e);
  const mix = Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(", ");
  return [
    { id: "ocpp.fuzz.frames", value: r.frames, unit: "count", note: mix },
    { id: "ocpp.fuzz.failures", value: r.failures, unit: "count", note: "must be 0" },
  ];
}
