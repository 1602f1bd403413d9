import { Clock } from "../../hal/clock";
import { FlashStorage } from "../../hal/storage";
import { AuthorizationStatus, IdTagInfo } from "../../firmware/authorization/id-tag-info";
import { Backend, BackendSession, MeterSample, TxStartMessage, TxStopMessage } from "../../firmware/session/backend";
import { ConnectorErrorCode, ConnectorStatus } from "../../firmware/session/status";

/** One thing the backend saw or did, with the simulated time. */
export interface BackendLogEntry {
  t: number;
  kind: "authorize" | "authorizeAnswer" | "start" | "startAnswer" | "stop" | "status" | "meter" | "duplicate" | "online";
  ref?: number;
  idTag?: string;
  status?: string;
  errorCode?: string;
  reason?: string;
  wh?: number;
  transactionId?: number;
  online?: boolean;
}

export interface FakeBackendOptions {
  online?: boolean;
  /** Status (or full idTagInfo) per idTag for Authorize and StartTransaction; others: Invalid. */
  answers?: { [idTag: string]: AuthorizationStatus | IdTagInfo };
  /** StartTransaction.conf status per idTag where it differs from `answers` (e.g. ConcurrentTx). */
  startAnswers?: { [idTag: string]: AuthorizationStatus };
  /** Authorize answer delay; 0 answers synchronously; "never" never answers. */
  authorizeDelayMs?: number | "never";
  /** StartTransaction.conf delay once online. */
  startAnswerDelayMs?: number;
  /** False while the unit has no power: what it "sends" then never leaves it (power-cut tests). */
  powered?: () => boolean;
  /**
   * The unit's flash, to model the OCPP layer's durable queue: each transaction message is written
   * there before it counts as sent, so a power cut during that write loses the message.
   */
  journal?: FlashStorage;
}

/**
 * A Central System plus durable message queue, for tests: it can be offline, slow, silent or answer
 * anything. It survives the unit's power cycles (attach the new session), keeps transaction
 * messages while offline and answers StartTransaction once online, and ignores repeats by ref as
 * the Backend contract says.
 */
export class FakeBackend implements Backend {
  log: BackendLogEntry[] = [];
  online: boolean;
  answers: { [idTag: string]: AuthorizationStatus | IdTagInfo };
  startAnswers: { [idTag: string]: AuthorizationStatus };
  authorizeDelayMs: number | "never";
  startAnswerDelayMs: number;
  lastStartRef = 0;
  lastStopRef = 0;
  private session: BackendSession | undefined;
  private unanswered: TxStartMessage[] = [];
  private answered: { [ref: string]: { transactionId: number; info: IdTagInfo } } = {};
  private powered: () => boolean;
  private journal: FlashStorage | undefined;

  constructor(private clock: Clock, options?: FakeBackendOptions) {
    const o = options || {};
    this.online = !!o.online;
    this.answers = o.answers || {};
    this.startAnswers = o.startAnswers || {};
    this.authorizeDelayMs = o.authorizeDelayMs === undefined ? 0 : o.authorizeDelayMs;
    this.startAnswerDelayMs = o.startAnswerDelayMs === undefined ? 50 : o.startAnswerDelayMs;
    this.journal = o.journal;
    this.powered = o.powered || function () {
      return true;
    };
  }

  /** The unit rebooted on a new clock (or the same). */
  setClock(clock: Clock): void {
    this.clock = clock;
  }

  infoFor(idTag: string): IdTagInfo {
    let a: AuthorizationStatus | IdTagInfo | undefined = this.answers[idTag];
    if (a === undefined) {
      for (const k in this.answers) if (k.toUpperCase() === idTag.toUpperCase()) a = this.answers[k];
    }
    if (a === undefined) return { status: "Invalid" };
    return typeof a === "string" ? { status: a } : a;
  }

  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    this.record({ kind: "online", online: online });
    if (this.session) this.session.onlineChanged(online);
    if (online) this.flush();
  }

  attach(session: BackendSession): void {
    this.session = session;
    if (this.online) this.flush();
  }

  isOnline(): boolean {
    return this.online;
  }

  authorize(idTag: string, done: (info: IdTagInfo | undefined) => void): void {
    if (!this.powered()) return;
    this.record({ kind: "authorize", idTag: idTag });
    if (!this.online) {
      done(undefined);
      return;
    }
    const delay = this.authorizeDelayMs;
    if (delay === "never") return;
    const self = this;
    const answer = function () {
      const info = self.online ? self.infoFor(idTag) : undefined;
      self.record({ kind: "authorizeAnswer", idTag: idTag, status: info ? info.status : "none" });
      done(info);
    };
    if (delay <= 0) answer();
    else this.clock.after(delay, answer);
  }

  startTransaction(tx: TxStartMessage): void {
    if (!this.powered()) return;
    if (tx.ref <= this.lastStartRef) {
      this.record({ kind: "duplicate", ref: tx.ref, reason: "start" });
      // the contract (backend.ts): a repeated start whose answer is known is answered again
      const known = this.answered[String(tx.ref)];
      if (known !== undefined && this.online && this.session) this.session.transactionStarted(tx.ref, known.transactionId, known.info);
      return;
    }
    if (!this.journaled("s" + tx.ref)) return;
    this.lastStartRef = tx.ref;
    this.record({ kind: "start", ref: tx.ref, idTag: tx.idTag, wh: tx.meterStart });
    this.unanswered.push(tx);
    if (this.online) this.flush();
  }

  stopTransaction(tx: TxStopMessage): void {
    if (!this.powered()) return;
    if (tx.ref <= this.lastStopRef) {
      this.record({ kind: "duplicate", ref: tx.ref, reason: "stop" });
      return;
    }
    if (!this.journaled("e" + tx.ref)) return;
    this.lastStopRef = tx.ref;
    this.record({ kind: "stop", ref: tx.ref, idTag: tx.idTag, wh: tx.meterStop, reason: tx.reason, transactionId: tx.transactionId });
  }

  statusNotification(connectorId: number, status: ConnectorStatus, errorCode: ConnectorErrorCode): void {
    if (!this.powered()) return;
    this.record({ kind: "status", status: status, errorCode: errorCode });
  }

  meterValues(sample: MeterSample): void {
    if (!this.powered()) return;
    this.record({ kind: "meter", ref: sample.ref, wh: sample.wh });
  }

  /** Entries of one kind (optionally since a time). */
  entries(kind: BackendLogEntry["kind"], since?: number): BackendLogEntry[] {
    return this.log.filter((e) => e.kind === kind && (since === undefined || e.t >= since));
  }

  lastStatus(): string | undefined {
    const s = this.entries("status");
    return s.length ? (s[s.length - 1] as BackendLogEntry).status : undefined;
  }

  /** The queue's flash write; false if the power was cut during it (the message is lost). */
  private journaled(name: string): boolean {
    if (!this.journal) return true;
    try {
      this.journal.write("bq" + name, "queued");
      return true;
    } catch (e) {
      return false;
    }
  }

  private record(e: Omit<BackendLogEntry, "t">): void {
    this.log.push(Object.assign({ t: this.clock.now() }, e) as BackendLogEntry);
  }

  private flush(): void {
    const self = this;
    const list = this.unanswered;
    this.unanswered = [];
    for (const tx of list) {
      this.clock.after(this.startAnswerDelayMs, function () {
        if (!self.online) {
          self.unanswered.push(tx);
          return;
        }
        const special = self.startAnswers[tx.idTag];
        const info = special !== undefined ? { status: special } : self.infoFor(tx.idTag);
        const id = 1000 + tx.ref;
        self.record({ kind: "startAnswer", ref: tx.ref, transactionId: id, status: info.status });
        self.answered[String(tx.ref)] = { transactionId: id, info: info };
        if (self.session) self.session.transactionStarted(tx.ref, id, info);
      });
    }
  }
}
