import { Cancel, Clock } from "../../../hal/clock";
import { IdTagInfo } from "../../authorization/id-tag-info";
import { CodedError } from "../../../hal/coded-error";
import { OcppClient } from "../ocpp-client";
import { meterValuesRequest } from "../operations/MeterValues";
import { startTransactionRequest, startTransactionResult } from "../operations/StartTransaction";
import { stopTransactionRequest, stopTransactionResult } from "../operations/StopTransaction";
import { RPC_OFFLINE, RPC_QUEUE_FULL } from "../rpc/rpc-errors";
import { QueuedTx, TransactionQueue } from "./transaction-queue";
import { KIND_METER, KIND_START, KIND_STOP } from "./tx-record";

export interface SenderHooks {
  /** StartTransaction.conf, after it is remembered in flash. */
  started(ref: number, transactionId: number, info: IdTagInfo, idTag: string): void;
  /** StopTransaction.conf that carried an idTagInfo. */
  stopped(idTag: string, info: IdTagInfo): void;
}

export interface SenderOptions {
  /** TransactionMessageAttempts and TransactionMessageRetryInterval (s), read at each failure. */
  attempts: () => number;
  retryIntervalS: () => number;
  callTimeoutMs?: number;
  log: (line: string) => void;
}

/** Wait before looking again when a message cannot be built yet (wall clock unknown). */
const WAIT_MS = 1000;

/**
 * Delivers the offline queue, one message at a time, oldest first, while the client is online
 * (so never before BootNotification is Accepted). A message leaves the queue only once its answer
 * is back (and, for StartTransaction, once the transactionId is in flash).
 *
 * Failures (OCPP 1.6 §4.7): a CALLERROR, no answer, or an invalid answer counts as one attempt;
 * the next try waits TransactionMessageRetryInterval x attempts so far (linear back-off); after
 * TransactionMessageAttempts the message is dropped (logged). Losing the connection is not an
 * attempt: the message waits for the next connection, however long that takes.
 * A StopTransaction whose StartTransaction never got a transactionId (the start was dropped) cannot
 * be sent and is dropped; MeterValues of such a transaction go without transactionId.
 */
export class TransactionSender {
  private inFlight = false;
  private scheduled = false;
  private retryTimer: Cancel | undefined;
  private failures = 0;
  /** Which message `failures` counts for (kind:ref:seq). */
  private failedKey = "";
  private halted = false;
  /** Messages given up (TransactionMessageAttempts reached, or a stop with no transactionId). */
  dropped = 0;

  constructor(
    private readonly client: OcppClient,
    private readonly clock: Clock,
    private readonly queue: TransactionQueue,
    private readonly hooks: SenderHooks,
    private readonly opts: SenderOptions,
  ) {}

  /** Something changed (a message queued, online again): look at the queue soon. */
  kick(): void {
    if (this.scheduled || this.halted) return;
    this.scheduled = true;
    const self = this;
    this.clock.after(0, function () {
      self.scheduled = false;
      self.pump();
    });
  }

  /** Offline: a retry wait is cut short by the next connection. */
  offline(): void {
    if (this.retryTimer) {
      this.retryTimer();
      this.retryTimer = undefined;
    }
  }

  halt(): void {
    this.halted = true;
    this.offline();
  }

  /** True while a message is on its way. */
  busy(): boolean {
    return this.inFlight;
  }

  private pump(): void {
    if (this.halted || this.inFlight || this.retryTimer || !this.client.isOnline()) return;
    const q = this.queue.head();
    if (!q) return;
    const rec = q.rec;
    if (this.queue.alreadyConfirmed(rec)) {
      // Confirmed just before a power cut took the unit down before the message left the queue.
      this.queue.remove(q);
      this.kick();
      return;
    }
    const ts = this.queue.timestampOf(rec);
    if (ts === undefined) {
      this.retryIn(WAIT_MS);
      return;
    }
    let action: string;
    let payload: object;
    if (rec.kind === KIND_START) {
      action = "StartTransaction";
      payload = startTransactionRequest(rec, ts);
    } else if (rec.kind === KIND_STOP) {
      const txId = this.queue.transactionIdOf(rec);
      if (txId === undefined) {
        this.opts.log("tx: StopTransaction of transaction " + rec.ref + " dropped: its start never got a transactionId");
        this.dropped++;
        this.queue.confirmStop(q);
        this.kick();
        return;
      }
      action = "StopTransaction";
      payload = stopTransactionRequest(rec, txId, ts);
    } else {
      action = "MeterValues";
      payload = meterValuesRequest(rec.connectorId, this.queue.transactionIdOf(rec), rec.meterWh, ts, "Sample.Periodic");
    }
    this.inFlight = true;
    const self = this;
    this.client.call(action, payload, function (err: CodedError | undefined, conf: any) {
      self.inFlight = false;
      if (self.halted) return;
      try {
        self.answered(q, action, err, conf);
      } catch (e) {
        self.opts.log("tx: " + action + " answer not handled: " + (e as Error).message);
        self.retryIn(WAIT_MS);
      }
    }, this.opts.callTimeoutMs);
  }

  private answered(q: QueuedTx, action: string, err: CodedError | undefined, conf: any): void {
    const rec = q.rec;
    if (err) {
      if (err.code === RPC_OFFLINE) return; // sent again on the next connection
      if (err.code === RPC_QUEUE_FULL) {
        this.retryIn(WAIT_MS);
        return;
      }
      const key = rec.kind + ":" + rec.ref + ":" + q.seq;
      if (this.failedKey !== key) {
        this.failedKey = key;
        this.failures = 0;
      }
      this.failures++;
      const max = this.opts.attempts();
      if (this.failures >= max) {
        this.opts.log("tx: " + action + " of transaction " + rec.ref + " dropped after " + this.failures + " failed attempts (" + err.code + ")");
        this.dropped++;
        this.failures = 0;
        if (rec.kind === KIND_START) this.queue.abandonStart(q);
        else if (rec.kind === KIND_STOP) this.queue.confirmStop(q);
        else this.queue.remove(q);
        this.kick();
        return;
      }
      const wait = this.opts.retryIntervalS() * this.failures * 1000;
      this.opts.log("tx: " + action + " failed (" + err.code + "), attempt " + this.failures + " of " + max + "; again in " + wait / 1000 + " s");
      this.retryIn(wait);
      return;
    }
    this.failures = 0;
    this.failedKey = "";
    if (rec.kind === KIND_START) {
      const r = startTransactionResult(conf);
      this.queue.confirmStart(q, r.transactionId, r.info);
      this.hooks.started(rec.ref, r.transactionId, r.info, rec.idTag);
    } else if (rec.kind === KIND_STOP) {
      this.queue.confirmStop(q);
      const info = stopTransactionResult(conf);
      if (info) this.hooks.stopped(rec.idTag, info);
    } else if (rec.kind === KIND_METER) {
      this.queue.remove(q);
    }
    this.kick();
  }

  private retryIn(ms: number): void {
    if (this.retryTimer) this.retryTimer();
    const self = this;
    this.retryTimer = this.clock.after(ms, function () {
      self.retryTimer = undefined;
      self.pump();
    });
  }
}
