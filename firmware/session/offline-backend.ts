import { IdTagInfo } from "../authorization/id-tag-info";
import { Backend, BackendSession, MeterSample, TxStartMessage, TxStopMessage } from "./backend";
import { ConnectorErrorCode, ConnectorStatus } from "./status";

/**
 * A backend that is never reachable: the session runs on its offline rules (Local List, cache,
 * LocalAuthorizeOffline, AllowOfflineTxForUnknownId). Stands in until the OCPP layer exists;
 * messages are counted, not kept.
 */
export class OfflineBackend implements Backend {
  starts = 0;
  stops = 0;

  attach(session: BackendSession): void {
    session.onlineChanged(false);
  }
  isOnline(): boolean {
    return false;
  }
  authorize(idTag: string, done: (info: IdTagInfo | undefined) => void): void {
    done(undefined);
  }
  startTransaction(tx: TxStartMessage): void {
    this.starts++;
  }
  stopTransaction(tx: TxStopMessage): void {
    this.stops++;
  }
  statusNotification(connectorId: number, status: ConnectorStatus, errorCode: ConnectorErrorCode): void {}
  meterValues(sample: MeterSample): void {}
}
