// ClearCache (OCPP 1.6 §5.4, §6.11): Rejected when AuthorizationCacheEnabled is false (or there is
// no cache, or erasing it failed).
import { AuthorizationCache } from "../../authorization/authorization-cache";
import { Settings } from "../../config/settings";
import { CallHandler, Responder } from "../rpc/rpc-endpoint";

export function clearCacheHandler(cache: AuthorizationCache | undefined, settings: Settings, log?: (line: string) => void): CallHandler {
  return function (req: any, reply: Responder) {
    if (!cache || !settings.bool("AuthorizationCacheEnabled")) {
      reply.ok({ status: "Rejected" });
      return;
    }
    try {
      cache.clear();
    } catch (e) {
      if (log) log("ClearCache failed: " + (e as Error).message);
      reply.ok({ status: "Rejected" });
      return;
    }
    reply.ok({ status: "Accepted" });
  };
}
