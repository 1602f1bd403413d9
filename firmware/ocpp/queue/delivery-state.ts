import { FlashStorage } from "../../../hal/storage";
import { AuthorizationStatus, IdTagInfo } from "../../authorization/id-tag-info";
import { RecordFile } from "../../persist/record-file";
import { codedError } from "../../../hal/coded-error";

/** A transaction whose StartTransaction.conf has come back. */
export interface KnownTransaction {
  ref: number;
  transactionId: number;
  info: IdTagInfo;
}

/** Transactions remembered at most (a StopTransaction forgets its own; one connector needs 1-2). */
const MAX_KNOWN = 8;
/** Boot time bases remembered at most (only boots with queued messages of unknown time need one). */
const MAX_BASES = 16;

/**
 * What the offline queue must remember beyond the messages themselves, in one small atomic record
 * (RecordFile): written before the message it concerns is acknowledged, so a power cut between
 * the two only means the message is delivered again.
 * - `startedRef` / `stoppedRef`: the highest refs whose StartTransaction / StopTransaction the
 *   backend has confirmed. The session re-issues a start or stop after a power cut (at-least-once);
 *   one at or below these marks is a repeat and is not queued again.
 * - ref -> transactionId (and the idTagInfo) of confirmed starts whose stop is not yet delivered:
 *   a StopTransaction queued before the answer came (offline start) uses it, even after a reboot.
 * - boot id -> time base (epoch seconds at uptime 0) for messages queued while the wall clock was
 *   unknown, fixed once so that a message delivered twice carries the same timestamp.
 */
export class DeliveryState {
  startedRef = 0;
  stoppedRef = 0;
  problems: string[] = [];
  private known: KnownTransaction[] = [];
  /** Pairs: boot id, base (epoch s). */
  private bases: number[] = [];
  private readonly file: RecordFile;

  constructor(storage: FlashStorage, name: string) {
    this.file = new RecordFile(storage, name);
  }

  load(): void {
    this.problems = [];
    this.known = [];
    this.bases = [];
    this.startedRef = 0;
    this.stoppedRef = 0;
    const o = this.file.loadJson("delivery state", "starting empty", this.problems);
    if (!o || typeof o !== "object") return;
    if (typeof o.s === "number") this.startedRef = o.s;
    if (typeof o.p === "number") this.stoppedRef = o.p;
    const k = Array.isArray(o.k) ? o.k : [];
    for (let i = 0; i < k.length; i++) {
      const e = k[i];
      if (!Array.isArray(e) || typeof e[0] !== "number" || typeof e[1] !== "number" || typeof e[2] !== "string") continue;
      const info: IdTagInfo = { status: e[2] as AuthorizationStatus };
      if (typeof e[3] === "number" && e[3] > 0) info.expiresAt = e[3];
      if (typeof e[4] === "string" && e[4] !== "") info.parentIdTag = e[4];
      this.known.push({ ref: e[0], transactionId: e[1], info: info });
    }
    const b = Array.isArray(o.b) ? o.b : [];
    for (let i = 0; i + 1 < b.length; i += 2) {
      if (typeof b[i] === "number" && typeof b[i + 1] === "number") this.bases.push(b[i], b[i + 1]);
    }
  }

  transactionOf(ref: number): KnownTransaction | undefined {
    for (let i = 0; i < this.known.length; i++) if ((this.known[i] as KnownTransaction).ref === ref) return this.known[i];
    return undefined;
  }

  /** A StartTransaction.conf: persisted before the StartTransaction leaves the queue. */
  confirmStart(ref: number, transactionId: number, info: IdTagInfo): void {
    const keep = this.knownBut(ref);
    keep.push({ ref: ref, transactionId: transactionId, info: info });
    keep.sort(function (a, b) { return a.ref - b.ref; });
    while (keep.length > MAX_KNOWN) keep.shift();
    this.commit(keep, ref > this.startedRef ? ref : this.startedRef, this.stoppedRef);
  }

  /** A StopTransaction.conf (or a stop dropped for good): the ref's transaction is forgotten. */
  confirmStop(ref: number): void {
    this.commit(this.knownBut(ref), this.startedRef, ref > this.stoppedRef ? ref : this.stoppedRef);
  }

  /** A start given up for good (TransactionMessageAttempts): its ref counts as handled. */
  abandonStart(ref: number): void {
    if (ref <= this.startedRef) return;
    this.startedRef = ref;
    this.save();
  }

  baseOf(bootId: number): number | undefined {
    for (let i = 0; i + 1 < this.bases.length; i += 2) if (this.bases[i] === bootId) return this.bases[i + 1];
    return undefined;
  }

  /** Fixes time bases (pairs: boot id, epoch s); persisted now. */
  setBases(pairs: number[]): void {
    const before = this.bases;
    const next = this.bases.slice();
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      if (this.baseOf(pairs[i] as number) === undefined) next.push(pairs[i] as number, pairs[i + 1] as number);
    }
    while (next.length > 2 * MAX_BASES) next.splice(0, 2);
    this.bases = next;
    try {
      this.save();
    } catch (e) {
      this.bases = before;
      throw e;
    }
  }

  /** The known transactions but the one of `ref`. */
  private knownBut(ref: number): KnownTransaction[] {
    const keep: KnownTransaction[] = [];
    for (let i = 0; i < this.known.length; i++) if ((this.known[i] as KnownTransaction).ref !== ref) keep.push(this.known[i] as KnownTransaction);
    return keep;
  }

  /** Takes the new transactions and marks and saves them; if the save fails, nothing changed. */
  private commit(known: KnownTransaction[], startedRef: number, stoppedRef: number): void {
    const beforeKnown = this.known;
    const beforeStarted = this.startedRef;
    const beforeStopped = this.stoppedRef;
    this.known = known;
    this.startedRef = startedRef;
    this.stoppedRef = stoppedRef;
    try {
      this.save();
    } catch (e) {
      this.known = beforeKnown;
      this.startedRef = beforeStarted;
      this.stoppedRef = beforeStopped;
      throw e;
    }
  }

  private save(): void {
    const k: any[] = [];
    for (let i = 0; i < this.known.length; i++) {
      const t = this.known[i] as KnownTransaction;
      k.push([t.ref, t.transactionId, t.info.status, t.info.expiresAt === undefined ? 0 : t.info.expiresAt, t.info.parentIdTag === undefined ? "" : t.info.parentIdTag]);
    }
    const text = JSON.stringify({ s: this.startedRef, p: this.stoppedRef, k: k, b: this.bases });
    if (text.length > 2048) throw codedError("SIZE", "delivery state too large");
    this.file.save(text);
  }
}
