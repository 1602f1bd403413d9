// StartTransaction (OCPP 1.6 §4.8, §6.45): charger -> Central System, through the offline queue.
import { IdTagInfo } from "../../authorization/id-tag-info";
import { formatIsoDateTime } from "../../time/iso8601";
import { TxRecord } from "../queue/tx-record";
import { idTagInfoFromWire } from "../wire/id-tag-info";

export function startTransactionRequest(rec: TxRecord, timestampS: number): object {
  return {
    connectorId: rec.connectorId,
    idTag: rec.idTag,
    meterStart: Math.floor(rec.meterWh),
    timestamp: formatIsoDateTime(timestampS * 1000),
  };
}

export interface StartTransactionResult {
  transactionId: number;
  info: IdTagInfo;
}

export function startTransactionResult(conf: any): StartTransactionResult {
  return { transactionId: conf.transactionId, info: idTagInfoFromWire(conf.idTagInfo) };
}
