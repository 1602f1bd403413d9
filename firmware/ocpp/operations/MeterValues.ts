// MeterValues (OCPP 1.6 §4.7, §6.31): charger -> Central System. Sampled values of a transaction go
// through the offline queue; a triggered one (TriggerMessage) is sent directly.
import { formatIsoDateTime } from "../../time/iso8601";

export const ENERGY_MEASURAND = "Energy.Active.Import.Register";

/** One energy register reading (Wh) at `timestampS`; context "Sample.Periodic" or "Trigger". */
export function meterValuesRequest(connectorId: number, transactionId: number | undefined, wh: number, timestampS: number, context: string): object {
  const p: any = { connectorId: connectorId };
  if (transactionId !== undefined) p.transactionId = transactionId;
  p.meterValue = [
    {
      timestamp: formatIsoDateTime(timestampS * 1000),
      sampledValue: [{ value: String(Math.floor(wh)), context: context, measurand: ENERGY_MEASURAND, unit: "Wh" }],
    },
  ];
  return p;
}
