// UnlockConnector (OCPP 1.6 §5.18, §6.53): this charger has no connector lock (a tethered cable or
// a socket without actuator), so the answer is NotSupported.
import { CallHandler, Responder } from "../rpc/rpc-endpoint";

export function unlockConnectorHandler(): CallHandler {
  return function (req: any, reply: Responder) {
    reply.ok({ status: "NotSupported" });
  };
}
