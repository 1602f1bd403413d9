// Authorize (OCPP 1.6 §4.1, §6.1): charger -> Central System.
import { IdTagInfo } from "../../authorization/id-tag-info";
import { idTagInfoFromWire } from "../wire/id-tag-info";

export function authorizeRequest(idTag: string): object {
  return { idTag: idTag };
}

/** The answer (already validated against Authorize.conf) in the firmware's model. */
export function authorizeResult(conf: any): IdTagInfo {
  return idTagInfoFromWire(conf.idTagInfo);
}
