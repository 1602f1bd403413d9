// SendLocalList (OCPP 1.6 §5.15, §6.43): Central System -> charger. Each message is applied to the
// Local Authorization List store as it comes (a Full list larger than SendLocalListMaxLength
// arrives as a Full message followed by Differential ones, each with its own listVersion).
import { LocalAuthList, UpdateStatus } from "../../authorization/local-list";
import { Settings } from "../../config/settings";
import { CallHandler, Responder } from "../rpc/rpc-endpoint";
import { OCCURENCE_CONSTRAINT_VIOLATION } from "../rpc/rpc-errors";
import { idTagInfoToModelInPlace } from "../wire/id-tag-info";

export interface SendLocalListDeps {
  list: LocalAuthList;
  settings: Settings;
  /** After every applied message (e.g. to refresh LocalAuthListMaxLength). */
  applied?: () => void;
  log?: (line: string) => void;
}

/**
 * - LocalAuthListEnabled false: status NotSupported (the UpdateStatus the spec gives for it).
 * - More entries than SendLocalListMaxLength: CALLERROR OccurenceConstraintViolation, nothing
 *   applied (as MicroOcpp does): the message breaks the charger's announced limit, which is not a
 *   failed update the Central System could retry as is.
 * - Otherwise the store's answer: Accepted, Failed (e.g. over capacity, a Full update without
 *   idTagInfo) or VersionMismatch (a Differential not newer than the list).
 */
export function sendLocalListHandler(deps: SendLocalListDeps): CallHandler {
  return function (req: any, reply: Responder) {
    if (!deps.settings.bool("LocalAuthListEnabled")) {
      reply.ok({ status: "NotSupported" });
      return;
    }
    const entries: any[] = req.localAuthorizationList || [];
    const max = deps.settings.int("SendLocalListMaxLength");
    if (entries.length > max) {
      reply.fail(OCCURENCE_CONSTRAINT_VIOLATION, "localAuthorizationList has " + entries.length + " entries; SendLocalListMaxLength is " + max);
      return;
    }
    for (let i = 0; i < entries.length; i++) {
      const info = entries[i].idTagInfo;
      if (info) idTagInfoToModelInPlace(info);
    }
    let status: UpdateStatus;
    try {
      status = deps.list.update(req.listVersion, req.updateType, entries);
    } catch (e) {
      if (deps.log) deps.log("SendLocalList: store failed: " + (e as Error).message);
      status = "Failed";
    }
    if (deps.applied) deps.applied();
    reply.ok({ status: status });
  };
}
