// RemoteStartTransaction (OCPP 1.6 §5.11, §6.33): handed to the session, which applies
// AuthorizeRemoteTxRequests (true: like a local start, list/cache/Authorize; false: start at once).
// Only connector 1 exists; connectorId 0 or another one is Rejected. A chargingProfile is ignored
// (Smart Charging is not among SupportedFeatureProfiles).
import { CallHandler, Responder } from "../rpc/rpc-endpoint";
import { SessionRef } from "../session-ref";

export function remoteStartTransactionHandler(ref: SessionRef): CallHandler {
  return function (req: any, reply: Responder) {
    const s = ref.session();
    if (!s || (req.connectorId !== undefined && req.connectorId !== 1)) {
      reply.ok({ status: "Rejected" });
      return;
    }
    reply.ok({ status: s.remoteStart(req.idTag) });
  };
}
