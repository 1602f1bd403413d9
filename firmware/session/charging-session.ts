import { Cancel, Clock } from "../../hal/clock";
import { IdTagInfo } from "../authorization/id-tag-info";
import { AuthorizationCache } from "../authorization/authorization-cache";
import { LocalAuthList } from "../authorization/local-list";
import { Indication, indicationOf } from "../indication/indication";
import { Backend, BackendSession, TransactionView } from "./backend";
import { chargingAllowed, connectorErrorCode, connectorStatus, nextDeadline, relayClosed } from "./derive";
import { Effect, Env, Reply, SessionEvent } from "./events";
import { Policy } from "./policy";
import { initialState, recordOf, SessionRecord, SessionState } from "./state";
import { SessionStore } from "./session-store";
import { ConnectorErrorCode, ConnectorStatus, Vehicle } from "./status";
import { next } from "./transition";

/**
 * A wait in whole ms, rounded up: a timer never fires before its deadline, even when the clock
 * reads fractional ms (a timer that fired a hair early would re-arm at the same instant forever).
 */
function wholeMs(ms: number): number {
  return ms > 0 ? Math.ceil(ms) : 0;
}

/** Where the derived outputs go. */
export interface SessionOutputs {
  relay(closed: boolean): void;
  /** Amps to advertise on the pilot PWM; 0 = no PWM (100 % duty). */
  pilot(amps: number): void;
  light(ind: Indication): void;
}

export interface SessionDeps {
  clock: Clock;
  backend: Backend;
  store: SessionStore;
  list?: LocalAuthList;
  cache?: AuthorizationCache;
  policy(): Policy;
  energyWh(): number;
  epochMs(): number | undefined;
  outputs: SessionOutputs;
  log(line: string): void;
  reboot(hard: boolean): void;
}

/**
 * The thin layer around the transition function: feeds it events (with time, meter and policy),
 * persists the record when it changed, performs the effects, then applies the derived outputs
 * (relay, pilot, light, StatusNotification) and arms one timer for the next deadline.
 * Events raised while an event is processed (e.g. a backend answering synchronously) queue up.
 */
export class ChargingSession implements BackendSession {
  private state: SessionState = initialState();
  private queue: SessionEvent[] = [];
  private busy = false;
  private savedJson: string | undefined;
  /**
   * The persisted fields as they were when the state last matched `savedJson`. The transition
   * function replaces `tx`/`lastStop` instead of changing them, so while these are the same
   * (===) the record is unchanged and needs no JSON.stringify.
   */
  private checked: SessionRecord | undefined;
  private timer: Cancel | undefined;
  private timerAt: number | undefined;
  private sentStatus: string | undefined;
  private rebootHard: boolean | undefined;
  private halted = false;
  /** The boot event has been processed: from then on the record follows the state. */
  private booted = false;

  /** `record`: what flash holds, so that latched facts show before the state is known. */
  constructor(private readonly deps: SessionDeps, record?: SessionRecord) {
    if (record !== undefined) {
      this.state.weldLatched = record.weldLatched;
      this.state.unavailable = record.unavailable;
    }
  }

  // ---- inputs from the charger's own parts

  /** State known: the record read at boot, the settled pilot, the contact feedback. */
  boot(record: SessionRecord | undefined, vehicle: Vehicle, feedbackClosed: boolean): void {
    // what flash holds (nothing stored = the defaults): written again only when it changes
    this.savedJson = JSON.stringify(record !== undefined ? record : recordOf(initialState()));
    this.checked = undefined;
    this.dispatch({ type: "boot", record: record, vehicle: vehicle, feedbackClosed: feedbackClosed });
  }

  vehicleChanged(vehicle: Vehicle): void {
    this.dispatch({ type: "vehicle", vehicle: vehicle });
  }

  cardPresented(idTag: string): void {
    const k = this.lookup(idTag);
    this.dispatch({ type: "card", idTag: idTag, list: k.list, cache: k.cache });
  }

  readerHealth(healthy: boolean): void {
    this.dispatch({ type: "reader", healthy: healthy });
  }

  feedbackChanged(closed: boolean): void {
    this.dispatch({ type: "feedback", closed: closed });
  }

  weldDetected(): void {
    this.dispatch({ type: "weld" });
  }

  // ---- BackendSession

  onlineChanged(online: boolean): void {
    if (online) this.sentStatus = undefined; // after reconnecting, report the current status
    this.dispatch({ type: "online", online: online });
  }

  transactionStarted(ref: number, transactionId: number, info: IdTagInfo): void {
    this.dispatch({ type: "txAnswer", ref: ref, transactionId: transactionId, info: info });
  }

  remoteStart(idTag: string): Reply {
    const k = this.lookup(idTag);
    return this.dispatch({ type: "remoteStart", idTag: idTag, list: k.list, cache: k.cache }) || "Rejected";
  }

  remoteStop(transactionId: number): Reply {
    return this.dispatch({ type: "remoteStop", transactionId: transactionId }) || "Rejected";
  }

  changeAvailability(operative: boolean): Reply {
    return this.dispatch({ type: "availability", operative: operative }) || "Rejected";
  }

  reset(hard: boolean): Reply {
    return this.dispatch({ type: "reset", hard: hard }) || "Rejected";
  }

  configurationChanged(): void {
    this.dispatch({ type: "config" });
  }

  status(): ConnectorStatus {
    return connectorStatus(this.state, this.deps.policy());
  }

  errorCode(): ConnectorErrorCode {
    return connectorErrorCode(this.state);
  }

  transaction(): TransactionView | undefined {
    const tx = this.state.tx;
    if (tx === undefined) return undefined;
    return { ref: tx.ref, idTag: tx.idTag, transactionId: tx.transactionId, meterStart: tx.meterStart,
      startEpochMs: tx.startEpochMs, deauthorized: tx.deauthorized };
  }

  lastDecision(): string {
    return this.state.lastDecision;
  }

  isOperative(): boolean {
    return !this.state.unavailable;
  }

  // ---- views

  /** The current state (read-only by convention; for views and tests). */
  snapshot(): SessionState {
    return this.state;
  }

  relayCommand(): boolean {
    return relayClosed(this.state);
  }

  indication(): Indication {
    return indicationOf(this.state, this.deps.policy());
  }

  /** Stops processing (power cut, hang or teardown): no more timers, events are dropped. */
  halt(): void {
    this.halted = true;
    if (this.timer) this.timer();
    this.timer = undefined;
  }

  // ---- the loop

  /** Runs an event through the rules; returns the reply if it was processed now. */
  dispatch(ev: SessionEvent): Reply | undefined {
    if (this.halted) return undefined;
    this.queue.push(ev);
    if (this.busy) return undefined;
    this.busy = true;
    let first: Reply | undefined;
    let isFirst = true;
    try {
      while (this.queue.length > 0 && !this.halted) {
        const e = this.queue.shift() as SessionEvent;
        const reply = this.step(e);
        if (isFirst) first = reply;
        isFirst = false;
      }
    } finally {
      this.busy = false;
    }
    if (!this.halted) this.apply();
    return first;
  }

  private env(): Env {
    const b = this.deps.backend;
    return {
      now: this.deps.clock.now(),
      energyWh: this.deps.energyWh(),
      epochMs: this.deps.epochMs(),
      policy: this.deps.policy(),
      txRoom: b.hasRoomForTransaction ? b.hasRoomForTransaction() : true,
    };
  }

  private step(ev: SessionEvent): Reply | undefined {
    const t = next(this.state, ev, this.env());
    this.state = t.state;
    if (t.state.known) this.booted = true;
    this.persist();
    for (let i = 0; i < t.effects.length; i++) this.perform(t.effects[i] as Effect);
    return t.reply;
  }

  /** Persists before any effect is performed, so nothing leaves the charger that flash does not know. */
  private persist(): void {
    if (!this.booted) return;
    const s = this.state;
    const c = this.checked;
    if (c !== undefined && c.tx === s.tx && c.lastStop === s.lastStop && c.nextTxRef === s.nextTxRef &&
      c.savedWh === s.savedWh && c.unavailable === s.unavailable && c.weldLatched === s.weldLatched) return;
    const record = recordOf(s);
    const json = JSON.stringify(record);
    if (json === this.savedJson) {
      this.checked = record;
      return;
    }
    try {
      this.deps.store.save(json);
      this.savedJson = json;
      this.checked = record;
    } catch (e) {
      this.deps.log("session: cannot save the session record: " + ((e as any) && (e as any).message));
      if (!this.state.internalFault) this.queue.unshift({ type: "internalFault", detail: "session record not saved" });
    }
  }

  private perform(fx: Effect): void {
    const d = this.deps;
    const self = this;
    try {
      switch (fx.kind) {
        case "log":
          d.log(fx.text);
          break;
        case "authorize": {
          const reqId = fx.reqId;
          d.backend.authorize(fx.idTag, function (info: IdTagInfo | undefined) {
            self.dispatch({ type: "authorizeAnswer", reqId: reqId, info: info });
          });
          break;
        }
        case "startTx":
          d.backend.startTransaction({ ref: fx.tx.ref, connectorId: 1, idTag: fx.tx.idTag, meterStart: fx.tx.meterStart,
            timestampEpochMs: fx.tx.startEpochMs });
          break;
        case "stopTx":
          d.backend.stopTransaction({ ref: fx.tx.ref, transactionId: fx.tx.transactionId, idTag: fx.tx.idTag,
            meterStop: fx.tx.meterStop, timestampEpochMs: fx.tx.stopEpochMs, reason: fx.tx.reason });
          break;
        case "meterValues":
          d.backend.meterValues({ ref: fx.ref, transactionId: fx.transactionId, connectorId: 1, wh: fx.wh, timestampEpochMs: fx.epochMs });
          break;
        case "remember":
          // Identifiers in the Local List are never cached (OCPP 1.6 §3.5.1).
          if (d.cache !== undefined && (d.list === undefined || d.list.lookup(fx.idTag) === undefined)) d.cache.remember(fx.idTag, fx.info);
          break;
        case "reboot":
          this.rebootHard = fx.hard;
          break;
      }
    } catch (e) {
      d.log("session: " + fx.kind + " failed: " + ((e as any) && (e as any).message));
    }
  }

  /** Derived outputs, status report, next deadline; then a requested reboot. */
  private apply(): void {
    const d = this.deps;
    const s = this.state;
    const p = d.policy();
    d.outputs.relay(relayClosed(s));
    d.outputs.pilot(chargingAllowed(s) ? p.maxCurrentA : 0);
    d.outputs.light(indicationOf(s, p));
    if (s.known) {
      const status = connectorStatus(s, p);
      const code = connectorErrorCode(s);
      const key = status + "/" + code;
      if (key !== this.sentStatus) {
        this.sentStatus = key;
        try {
          d.backend.statusNotification(1, status, code);
        } catch (e) {
          d.log("session: statusNotification failed: " + ((e as any) && (e as any).message));
        }
      }
    }
    const due = nextDeadline(s);
    if (due !== this.timerAt) {
      if (this.timer) this.timer();
      this.timer = undefined;
      this.timerAt = due;
      if (due !== undefined) {
        const self = this;
        const wait = due - d.clock.now();
        this.timer = d.clock.after(wholeMs(wait), function () {
          self.timer = undefined;
          self.timerAt = undefined;
          self.dispatch({ type: "tick" });
        });
      }
    }
    if (this.rebootHard !== undefined) {
      const hard = this.rebootHard;
      this.rebootHard = undefined;
      this.halt();
      d.reboot(hard);
    }
  }

  private lookup(idTag: string): { list?: IdTagInfo; cache?: IdTagInfo } {
    const d = this.deps;
    const list = d.list !== undefined ? d.list.lookup(idTag) : undefined;
    const cache = list === undefined && d.cache !== undefined ? d.cache.lookup(idTag) : undefined;
    return { list: list, cache: cache };
  }
}
