// GetLocalListVersion (OCPP 1.6 §5.10, §6.31): -1 when the list is disabled, 0 when it is empty.
import { LocalAuthList } from "../../authorization/local-list";
import { Settings } from "../../config/settings";
import { CallHandler, Responder } from "../rpc/rpc-endpoint";

export function getLocalListVersionHandler(list: LocalAuthList, settings: Settings): CallHandler {
  return function (req: any, reply: Responder) {
    reply.ok({ listVersion: settings.bool("LocalAuthListEnabled") ? list.version() : -1 });
  };
}
