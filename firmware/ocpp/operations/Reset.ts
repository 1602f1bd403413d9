// Reset (OCPP 1.6 §5.13, §6.37): the session stops a running transaction (reason SoftReset or
// HardReset, queued in flash), then asks for the reboot; the stack's restart hook lets this answer
// (and, for a soft reset, the queued StopTransaction) leave before the unit restarts.
import { CallHandler, Responder } from "../rpc/rpc-endpoint";
import { SessionRef } from "../session-ref";

export function resetHandler(ref: SessionRef): CallHandler {
  return function (req: any, reply: Responder) {
    const s = ref.session();
    reply.ok({ status: s ? s.reset(req.type === "Hard") : "Rejected" });
  };
}
