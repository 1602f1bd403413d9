// GetConfiguration (OCPP 1.6 §5.8, §6.25): every key without a list; asked keys that are not known
// go to unknownKey. A write-only key (AuthorizationKey) is listed without its value.
import { Settings } from "../../config/settings";
import { CallHandler, Responder } from "../rpc/rpc-endpoint";
import { OCCURENCE_CONSTRAINT_VIOLATION } from "../rpc/rpc-errors";

/** More keys asked than GetConfigurationMaxKeys: CALLERROR OccurenceConstraintViolation. */
export function getConfigurationHandler(settings: Settings): CallHandler {
  return function (req: any, reply: Responder) {
    const asked: string[] | undefined = req.key;
    const max = settings.int("GetConfigurationMaxKeys");
    if (asked && asked.length > max) {
      reply.fail(OCCURENCE_CONSTRAINT_VIOLATION, asked.length + " keys asked; GetConfigurationMaxKeys is " + max);
      return;
    }
    const names = asked && asked.length ? asked : settings.keys();
    const known: any[] = [];
    const unknown: string[] = [];
    const seen: { [key: string]: boolean } = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const key = settings.keyNamed(name);
      if (key === undefined) {
        if (unknown.indexOf(name) < 0) unknown.push(name);
        continue;
      }
      if (seen[key]) continue;
      seen[key] = true;
      const v = settings.view(key);
      known.push(v ? { key: v.key, readonly: v.readonly, value: v.value } : { key: key, readonly: false });
    }
    const answer: any = { configurationKey: known };
    if (unknown.length) answer.unknownKey = unknown;
    reply.ok(answer);
  };
}
