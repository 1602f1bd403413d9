// Long fuzz of the charger's inbound OCPP-J path, two runs of random, generated and mutated frames
// judged by oracles from OCPP-J 1.6 and the official schemas:
// - into a bare RpcEndpoint (tools/ocpp-testkit/inbound-fuzz.ts): framing and validation;
// - into the whole OCPP side with the real handlers registered (tools/ocpp-testkit/handler-fuzz.ts):
//   answers conform, invalid frames change no state (list, settings, cache, session); once with a
//   fake session (every handler), once with the whole charger and its real session.
// `ocpp.fuzz.frames` counts all three; `ocpp.fuzz.failures` must be 0.
import { Metric } from "../metric";
import { runHandlerFuzz } from "../../ocpp-testkit/handler-fuzz";
import { runInboundFuzz } from "../../ocpp-testkit/inbound-fuzz";

const FRAMES = 100_000;

export async function run(): Promise<Metric[]> {
  const rpc = runInboundFuzz(FRAMES, 0x0c99);
  const handlers = runHandlerFuzz(FRAMES, 0x0c9a);
  const charger = runHandlerFuzz(FRAMES, 0x0c9b, "real");
  for (const e of rpc.examples) console.error("[ocpp-fuzz] rpc: " + e);
  for (const e of handlers.examples) console.error("[ocpp-fuzz] handlers: " + e);
  for (const e of charger.examples) console.error("[ocpp-fuzz] charger: " + e);
  const mix = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(", ");
  return [
    {
      id: "ocpp.fuzz.frames",
      value: rpc.frames + handlers.frames + charger.frames,
      unit: "count",
      note: `rpc: ${mix(rpc.outcomes)}; handlers: ${mix(handlers.outcomes)}; charger: ${mix(charger.outcomes)}`,
    },
    { id: "ocpp.fuzz.failures", value: rpc.failures + handlers.failures + charger.failures, unit: "count", note: "must be 0" },
  ];
}
