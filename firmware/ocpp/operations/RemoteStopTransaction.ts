// RemoteStopTransaction (OCPP 1.6 §5.12, §6.35): the session stops the transaction if it is the one
// running (reason Remote), else Rejected.
import { CallHandler, Responder } from "../rpc/rpc-endpoint";
import { SessionRef } from "../session-ref";

export function remoteStopTransactionHandler(ref: SessionRef): CallHandler {
  return function (req: any, reply: Responder) {
    const s = ref.session();
    reply.ok({ status: s ? s.remoteStop(req.transactionId) : "Rejected" });
  };
}
