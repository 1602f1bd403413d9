// A BackendSession stand-in for tests of the OCPP side alone: it records what the OCPP layer
// tells it and answers commands the way the charging session's contract says (firmware/session/backend.ts).
import { IdTagInfo } from "../../firmware/authorization/id-tag-info";
import { BackendSession, TransactionView } from "../../firmware/session/backend";
import { ConnectorErrorCode, ConnectorStatus } from "../../firmware/session/status";

export class FakeSession implements BackendSession {
  online = false;
  onlineChanges: boolean[] = [];
  started: { ref: number; transactionId: number; info: IdTagInfo }[] = [];
  remoteStarts: string[] = [];
  remoteStops: number[] = [];
  availabilityCalls: boolean[] = [];
  resets: boolean[] = [];
  configChanges = 0;
  operative = true;
  currentStatus: ConnectorStatus = "Available";
  currentError: ConnectorErrorCode = "NoError";
  tx: TransactionView | undefined;
  /** Replies to commands (the session's own decisions). */
  remoteStartReply: "Accepted" | "Rejected" = "Accepted";
  /** Called by reset() after it answers, as the session calls its reboot hook. */
  onReset: ((hard: boolean) => void) | undefined;

  onlineChanged(online: boolean): void {
    this.online = online;
    this.onlineChanges.push(online);
  }
  transactionStarted(ref: number, transactionId: number, info: IdTagInfo): void {
    this.started.push({ ref, transactionId, info });
    if (this.tx && this.tx.ref === ref) this.tx = { ...this.tx, transactionId };
  }
  remoteStart(idTag: string): "Accepted" | "Rejected" {
    this.remoteStarts.push(idTag);
    return this.remoteStartReply;
  }
  remoteStop(transactionId: number): "Accepted" | "Rejected" {
    this.remoteStops.push(transactionId);
    return this.tx && this.tx.transactionId === transactionId ? "Accepted" : "Rejected";
  }
  changeAvailability(operative: boolean): "Accepted" | "Rejected" {
    this.availabilityCalls.push(operative);
    this.operative = operative;
    this.currentStatus = operative ? "Available" : "Unavailable";
    return "Accepted";
  }
  reset(hard: boolean): "Accepted" | "Rejected" {
    this.resets.push(hard);
    if (this.onReset) this.onReset(hard);
    return "Accepted";
  }
  configurationChanged(): void {
    this.configChanges++;
  }
  status(): ConnectorStatus {
    return this.currentStatus;
  }
  errorCode(): ConnectorErrorCode {
    return this.currentError;
  }
  transaction(): TransactionView | undefined {
    return this.tx;
  }
  lastDecision(): string {
    return "None";
  }
  isOperative(): boolean {
    return this.operative;
  }
  /** Everything that tells whether a command changed the session (for the fuzz's no-change check). */
  fingerprint(): string {
    return JSON.stringify([this.started, this.remoteStarts, this.remoteStops, this.availabilityCalls, this.resets, this.operative, this.tx]);
  }
}
