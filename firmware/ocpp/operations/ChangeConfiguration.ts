// ChangeConfiguration (OCPP 1.6 §5.3, §6.9): through Settings, which validates and persists the
// value and tells its listeners (link, client, session). Keys are matched case-insensitively
// (CiString50); read-only keys are Rejected, unknown ones NotSupported.
import { Settings } from "../../config/settings";
import { CallHandler, Responder } from "../rpc/rpc-endpoint";

export function changeConfigurationHandler(settings: Settings): CallHandler {
  return function (req: any, reply: Responder) {
    const key = settings.keyNamed(req.key);
    reply.ok({ status: key === undefined ? "NotSupported" : settings.change(key, req.value) });
  };
}
