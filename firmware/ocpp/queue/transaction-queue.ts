import { Clock } from "../../../hal/clock";
import { FlashStorage } from "../../../hal/storage";
import { IdTagInfo } from "../../authorization/id-tag-info";
import { MeterSample, TxStartMessage, TxStopMessage } from "../../session/backend";
import { WallClock } from "../../time/wall-clock";
import { DeliveryState, KnownTransaction } from "./delivery-state";
import { PersistentQueue } from "./persistent-queue";
import { decodeTxRecord, encodeTxRecord, KIND_METER, KIND_START, KIND_STOP, TxRecord } from "./tx-record";

/** A message at the head of the queue: `seq` > 0 in flash, 0 for one held in RAM (queue full). */
export interface QueuedTx {
  seq: number;
  rec: TxRecord;
}

export type EnqueueResult = "queued" | "repeat" | "ram" | "dropped";

export interface TransactionQueueOptions {
  /** File prefixes: queue segments `<prefix><seq>`, state record `<prefix>s`. Default "txq". */
  prefix?: string;
  /** Flash the queue may take (default 64 KiB) and its segment size (default 4 KiB). */
  maxBytes?: number;
  segmentBytes?: number;
  /** This boot's id (random), for messages stamped while the wall clock is unknown. */
  bootId: number;
  log?: (line: string) => void;
}

export const DEFAULT_TX_QUEUE_BYTES = 65536;
const SEGMENT_BYTES = 4096;
const RECORD_HEADER = 13;
/** Largest record payload (a StopTransaction with a 20-character idTag and every field). */
export const MAX_TX_RECORD_BYTES = 140;
/**
 * Queue-full policy, part 1: a MeterValues is queued only if this much room stays free after it,
 * kept for StartTransaction/StopTransaction (two segments: about 45 transactions).
 */
export const METER_RESERVE_BYTES = 2 * SEGMENT_BYTES;
/** Queue-full policy, part 3: Start/Stop that find no room wait in RAM, at most this many. */
export const RAM_OVERFLOW_MAX = 16;

/**
 * The offline queue of transaction messages (OCPP 1.6 §3.7 / §4.7): StartTransaction,
 * StopTransaction and sampled MeterValues, in flash (PersistentQueue) until the backend confirms
 * them, in the order they happened.
 *
 * Queue-full policy (what is kept, what happens next):
 * 1. MeterValues are optional: one is dropped (counted in `droppedMeterValues`) when queueing it
 *    would leave less than METER_RESERVE_BYTES free, so Start/Stop always find room first.
 * 2. A Start or Stop that finds the flash queue full drops every MeterValues still queued (they
 *    go first), then tries again.
 * 3. If there is still no room, it waits in RAM (at most RAM_OVERFLOW_MAX, in order, moved to flash
 *    as soon as deliveries free room; all later messages queue behind it). It is lost only if the
 *    power fails first; beyond RAM_OVERFLOW_MAX it is dropped and counted in `droppedTransactionMessages`.
 * 4. `hasRoomForTransaction()` turns false as soon as a new transaction's Start and Stop would not
 *    both fit in flash: the session should then refuse to start new sessions while offline.
 */
export class TransactionQueue {
  droppedMeterValues = 0;
  droppedTransactionMessages = 0;
  readonly state: DeliveryState;
  private readonly queue: PersistentQueue;
  private readonly bootId: number;
  private readonly log: (line: string) => void;
  private overflow: TxRecord[] = [];
  private highStart = 0;
  private highStop = 0;

  constructor(storage: FlashStorage, private readonly clock: Clock, private readonly wall: WallClock, options: TransactionQueueOptions) {
    const prefix = options.prefix || "txq";
    this.queue = new PersistentQueue(storage, prefix, { segmentBytes: options.segmentBytes || SEGMENT_BYTES, maxBytes: options.maxBytes || DEFAULT_TX_QUEUE_BYTES });
    this.state = new DeliveryState(storage, prefix + "s");
    this.bootId = options.bootId;
    this.log = options.log || function () {};
  }

  /** Reads the queue and its state from flash (at boot). */
  open(): void {
    this.queue.open();
    this.state.load();
    for (let i = 0; i < this.state.problems.length; i++) this.log("tx queue: " + this.state.problems[i]);
    if (this.queue.damaged) this.log("tx queue: " + this.queue.damaged + " damaged record(s) found and skipped");
    this.overflow = [];
    this.highStart = this.state.startedRef;
    this.highStop = this.state.stoppedRef;
    const self = this;
    this.forEachRecord(function (rec) {
      if (rec.kind === KIND_START && rec.ref > self.highStart) self.highStart = rec.ref;
      if (rec.kind === KIND_STOP && rec.ref > self.highStop) self.highStop = rec.ref;
    });
  }

  // ---- adding

  addStart(tx: TxStartMessage): EnqueueResult {
    if (tx.ref <= this.highStart) return "repeat";
    const rec: TxRecord = { kind: KIND_START, ref: tx.ref, connectorId: tx.connectorId, idTag: tx.idTag, meterWh: tx.meterStart };
    this.stamp(rec, tx.timestampEpochMs);
    const r = this.add(rec);
    if (r !== "dropped") this.highStart = tx.ref;
    return r;
  }

  addStop(tx: TxStopMessage): EnqueueResult {
    if (tx.ref <= this.highStop) return "repeat";
    const rec: TxRecord = { kind: KIND_STOP, ref: tx.ref, connectorId: 1, idTag: tx.idTag, meterWh: tx.meterStop, reason: tx.reason };
    if (tx.transactionId !== undefined) rec.transactionId = tx.transactionId;
    this.stamp(rec, tx.timestampEpochMs);
    const r = this.add(rec);
    if (r !== "dropped") this.highStop = tx.ref;
    return r;
  }

  addMeter(sample: MeterSample): EnqueueResult {
    const rec: TxRecord = { kind: KIND_METER, ref: sample.ref, connectorId: sample.connectorId, idTag: "", meterWh: sample.wh };
    if (sample.transactionId !== undefined) rec.transactionId = sample.transactionId;
    this.stamp(rec, sample.timestampEpochMs);
    const text = encodeTxRecord(rec);
    if (this.overflow.length > 0 || this.queue.freeBytes() - (RECORD_HEADER + text.length) < METER_RESERVE_BYTES) {
      this.droppedMeterValues++;
      this.log("tx queue: nearly full, MeterValues of transaction " + rec.ref + " dropped");
      return "dropped";
    }
    this.queue.push(KIND_METER, text);
    return "queued";
  }

  // ---- delivering

  /** The oldest message not yet confirmed (RAM-held ones move to flash first when there is room). */
  head(): QueuedTx | undefined {
    this.drainOverflow();
    for (;;) {
      const m = this.queue.peek();
      if (!m) break;
      const rec = decodeTxRecord(m.kind, m.payload);
      if (rec) return { seq: m.seq, rec: rec };
      this.log("tx queue: unreadable record " + m.seq + " skipped");
      this.queue.ack(m.seq);
    }
    const first = this.overflow[0];
    return first ? { seq: 0, rec: first } : undefined;
  }

  /** Removes a delivered (or abandoned) message. */
  remove(q: QueuedTx): void {
    if (q.seq > 0) this.queue.ack(q.seq);
    else if (this.overflow[0] === q.rec) this.overflow.shift();
    this.drainOverflow();
  }

  /** StartTransaction.conf: remembered durably, then the message leaves the queue. */
  confirmStart(q: QueuedTx, transactionId: number, info: IdTagInfo): void {
    this.state.confirmStart(q.rec.ref, transactionId, info);
    this.remove(q);
  }

  /** StopTransaction.conf (or a stop given up): remembered durably, then the message leaves the queue. */
  confirmStop(q: QueuedTx): void {
    this.state.confirmStop(q.rec.ref);
    this.remove(q);
  }

  /** A start given up (TransactionMessageAttempts): it counts as handled, so a repeat is not queued again. */
  abandonStart(q: QueuedTx): void {
    this.state.abandonStart(q.rec.ref);
    this.remove(q);
  }

  /** A Start or Stop the backend has already confirmed (the state was saved, the removal was not). */
  alreadyConfirmed(rec: TxRecord): boolean {
    if (rec.kind === KIND_START) return rec.ref <= this.state.startedRef;
    if (rec.kind === KIND_STOP) return rec.ref <= this.state.stoppedRef;
    return false;
  }

  /** The transactionId of a message: its own, or the one its StartTransaction.conf gave. */
  transactionIdOf(rec: TxRecord): number | undefined {
    if (rec.transactionId !== undefined) return rec.transactionId;
    const k = this.state.transactionOf(rec.ref);
    return k ? k.transactionId : undefined;
  }

  knownTransaction(ref: number): KnownTransaction | undefined {
    return this.state.transactionOf(ref);
  }

  /**
   * The message's time (epoch s). For a message stamped while the wall clock was unknown: the base
   * of its boot + its uptime; a boot's base is fixed (persisted) the first time it is needed:
   * - the current boot: now - uptime, from the wall clock (known once BootNotification is accepted);
   * - an earlier boot that never learnt the time: it is taken to have ended 1 s before the next boot
   *   in the queue (or the current one) started. Order is kept and times are an upper bound (the
   *   latest the events can have happened), never in the future.
   * Undefined while the wall clock is unknown (the message then waits).
   */
  timestampOf(rec: TxRecord): number | undefined {
    if (rec.epochS !== undefined) return rec.epochS;
    const id = rec.bootId as number;
    let base = this.state.baseOf(id);
    if (base === undefined) {
      if (!this.fixBases()) return undefined;
      base = this.state.baseOf(id);
      if (base === undefined) return undefined;
    }
    return base + Math.floor((rec.uptimeMs as number) / 1000);
  }

  /** Messages waiting (flash and RAM). */
  count(): number {
    return this.queue.count() + this.overflow.length;
  }

  /** True while a new transaction's StartTransaction and StopTransaction would both fit in flash. */
  hasRoomForTransaction(): boolean {
    return this.overflow.length === 0 && this.queue.freeBytes() >= 2 * (RECORD_HEADER + MAX_TX_RECORD_BYTES) + RECORD_HEADER;
  }

  /** Every waiting message, oldest first (tests, diagnostics). */
  forEachRecord(fn: (rec: TxRecord) => void): void {
    this.queue.forEachPending(function (m) {
      const rec = decodeTxRecord(m.kind, m.payload);
      if (rec) fn(rec);
    });
    for (let i = 0; i < this.overflow.length; i++) fn(this.overflow[i] as TxRecord);
  }

  // ---- internals

  private stamp(rec: TxRecord, epochMs: number | undefined): void {
    const ms = epochMs !== undefined ? epochMs : this.wall.nowEpochMs();
    if (ms !== undefined) rec.epochS = Math.floor(ms / 1000);
    else {
      rec.bootId = this.bootId;
      rec.uptimeMs = Math.floor(this.clock.now());
    }
  }

  private add(rec: TxRecord): EnqueueResult {
    if (this.overflow.length === 0) {
      const text = encodeTxRecord(rec);
      if (this.tryPush(rec.kind, text)) return "queued";
      // Policy 2: MeterValues go first.
      if (this.dropQueuedMeterValues() > 0 && this.tryPush(rec.kind, text)) return "queued";
    }
    if (this.overflow.length >= RAM_OVERFLOW_MAX) {
      this.droppedTransactionMessages++;
      this.log("tx queue: full, " + (rec.kind === KIND_START ? "StartTransaction" : "StopTransaction") + " of transaction " + rec.ref + " dropped");
      return "dropped";
    }
    this.overflow.push(rec);
    this.log("tx queue: full, transaction " + rec.ref + " message kept in RAM until there is room");
    return "ram";
  }

  private tryPush(kind: number, text: string): boolean {
    try {
      this.queue.push(kind, text);
      return true;
    } catch (e) {
      if ((e as any).code === "FULL") return false;
      throw e;
    }
  }

  private dropQueuedMeterValues(): number {
    const seqs: number[] = [];
    this.queue.forEachPending(function (m) {
      if (m.kind === KIND_METER) seqs.push(m.seq);
    });
    for (let i = 0; i < seqs.length; i++) this.queue.ack(seqs[i] as number);
    if (seqs.length) {
      this.droppedMeterValues += seqs.length;
      this.log("tx queue: full, " + seqs.length + " queued MeterValues dropped to make room");
    }
    return seqs.length;
  }

  private drainOverflow(): void {
    while (this.overflow.length > 0) {
      const rec = this.overflow[0] as TxRecord;
      if (!this.tryPush(rec.kind, encodeTxRecord(rec))) return;
      this.overflow.shift();
    }
  }

  /** Fixes the base of every boot with waiting messages of unknown time (see timestampOf). */
  private fixBases(): boolean {
    const wallMs = this.wall.nowEpochMs();
    if (wallMs === undefined) return false;
    const current = Math.floor((wallMs - this.clock.now()) / 1000);
    const ids: number[] = [];
    const maxUptime: number[] = [];
    this.forEachRecord(function (rec) {
      if (rec.epochS !== undefined) return;
      const id = rec.bootId as number;
      const last = ids.length - 1;
      if (last >= 0 && ids[last] === id) {
        if ((rec.uptimeMs as number) > (maxUptime[last] as number)) maxUptime[last] = rec.uptimeMs as number;
        return;
      }
      ids.push(id);
      maxUptime.push(rec.uptimeMs as number);
    });
    const pairs: number[] = [];
    let next = current;
    for (let i = ids.length - 1; i >= 0; i--) {
      const id = ids[i] as number;
      const stored = this.state.baseOf(id);
      const known = stored !== undefined ? stored : id === this.bootId ? current : undefined;
      if (known !== undefined) {
        if (stored === undefined) pairs.push(id, known);
        next = known;
        continue;
      }
      const base = next - 1 - Math.ceil((maxUptime[i] as number) / 1000);
      pairs.push(id, base);
      next = base;
    }
    if (pairs.length) this.state.setBases(pairs);
    return true;
  }
}
