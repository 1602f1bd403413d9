// StopTransaction (OCPP 1.6 §4.10, §6.49): charger -> Central System, through the offline queue.
import { IdTagInfo } from "../../authorization/id-tag-info";
import { formatIsoDateTime } from "../../time/iso8601";
import { TxRecord } from "../queue/tx-record";
import { idTagInfoFromWire } from "../wire/id-tag-info";

export function stopTransactionRequest(rec: TxRecord, transactionId: number, timestampS: number): object {
  const p: any = {
    transactionId: transactionId,
    idTag: rec.idTag,
    meterStop: Math.floor(rec.meterWh),
    timestamp: formatIsoDateTime(timestampS * 1000),
  };
  if (rec.reason !== undefined) p.reason = rec.reason;
  return p;
}

/** The idTagInfo of the answer, if it has one. */
export function stopTransactionResult(conf: any): IdTagInfo | undefined {
  return conf.idTagInfo ? idTagInfoFromWire(conf.idTagInfo) : undefined;
}
