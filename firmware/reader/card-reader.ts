// The card reader: polls an MFRC522 on the clock, reports cards to a ReaderListener, watches the
// chip's health. Work is split into short turns (a few SPI calls each, at most one exchange); the
// waits between them are clock timers, so nothing else is ever blocked for long.
//
// Poll cycle (every pollMs):
//  - no card tracked: WUPA, anticollision + SELECT through the cascade levels, HLTA -> a UID;
//  - a card tracked: WUPA, SELECT of its known UID level by level, HLTA -> still there or not.
// WUPA (not REQA) also wakes the halted card, so every poll sees a card resting on the reader, and
// HLTA parks it again; Presence turns that into one report per presentation.
// Health (every healthMs, and at once after a chip that misbehaves): VersionReg + settings read
// back in one window; a mismatch means re-init (soft reset, or NRSTPD pulse from the second try
// on); if that fails the reader is faulted and retries every healthMs.

import { SpiBus } from "../../hal/spi";
import { Clock, Cancel } from "../../hal/clock";
import { OutputPin } from "../../hal/pins";
import { ReaderListener } from "./reader-events";
import { Mfrc522 } from "./mfrc522";
import { Transceiver, X_PENDING, X_BUS } from "./transceiver";
import { Activation, A_SEND, A_READ, A_CONFIRMED, A_NO_CARD, A_ABSENT } from "./activation";
import { Presence } from "./presence";
import { ChipConfig, describeVersion } from "./chip-config";
import { uidToIdTag } from "./id-tag";
import { CommandReg, CMD_SOFT_RESET, POWER_DOWN } from "./registers";

export interface CardReaderOptions {
  /** Poll interval (default 100 ms). */
  pollMs?: number;
  /** Health check interval (default 2000 ms); also the retry interval while faulted. */
  healthMs?: number;
  /** Clean polls without the card before it is reported removed (default 3). */
  removalMisses?: number;
  /** RxGain 0..7 (18..48 dB); default: keep the chip's 33 dB. */
  rxGain?: number;
  /** NRSTPD (low = reset): used for re-init after a soft reset did not help. */
  resetPin?: OutputPin;
}

/** Wait after a soft reset before looking at CommandReg.PowerDown, and between looks. */
const RESET_POLL_MS = 2;
const RESET_POLLS = 25;
/** NRSTPD low pulse is far longer than 100 ns anyway; then the oscillator starts. */
const HARD_RESET_WAIT_MS = 5;
/** Unmodulated field before the first request (ISO 14443-3: 5.1 ms). */
const FIELD_SETTLE_MS = 5.1;
/** Extra reads of an exchange that has not finished when expected. */
const LATE_READS = 2;
const LATE_READ_MS = 1;

const S_STOPPED = 0;
const S_IDLE = 1;
const S_RESETTING = 2;
const S_EXCHANGE = 3;
const S_HALTING = 4;

const H_UNKNOWN = -1;
const H_FAULTED = 0;
const H_HEALTHY = 1;

export class CardReader {
  private clock: Clock;
  private listener: ReaderListener;
  private chip: Mfrc522;
  private xcvr: Transceiver;
  private act: Activation;
  private presence: Presence;
  private config: ChipConfig;
  private resetPin: OutputPin | null;
  private pollMs: number;
  private healthMs: number;

  private state: number;
  private ticker: Cancel | null;
  private pending: Cancel | null;
  private health: number;
  private detail: string;
  private version: number;
  private needInit: boolean;
  private nextInitAt: number;
  private initFailures: number;
  private resetPolls: number;
  private healthDue: boolean;
  private lastHealthAt: number;
  private fieldReadyAt: number;
  private lateReads: number;
  private recoveries: number;
  /** This cycle already asked twice. */
  private retried: boolean;
  private retryAfterHalt: boolean;
  /** The last cycle broke off: cards may be left in a state where they skip one WUPA. */
  private suspect: boolean;

  private tickFn: () => void;
  private resetWaitFn: () => void;
  private exchangeFn: () => void;
  private haltedFn: () => void;

  constructor(spi: SpiBus, clock: Clock, listener: ReaderListener, options?: CardReaderOptions) {
    const o = options || {};
    this.clock = clock;
    this.listener = listener;
    this.chip = new Mfrc522(spi);
    this.xcvr = new Transceiver(this.chip);
    this.act = new Activation();
    this.presence = new Presence(o.removalMisses || 3);
    this.config = new ChipConfig(o.rxGain === undefined ? -1 : o.rxGain);
    this.resetPin = o.resetPin || null;
    this.pollMs = o.pollMs || 100;
    this.healthMs = o.healthMs || 2000;
    this.state = S_STOPPED;
    this.ticker = null;
    this.pending = null;
    this.health = H_UNKNOWN;
    this.detail = "not started";
    this.version = -1;
    this.needInit = true;
    this.nextInitAt = 0;
    this.initFailures = 0;
    this.resetPolls = 0;
    this.healthDue = false;
    this.lastHealthAt = 0;
    this.fieldReadyAt = 0;
    this.lateReads = 0;
    this.recoveries = 0;
    this.retried = false;
    this.retryAfterHalt = false;
    this.suspect = false;
    const self = this;
    this.tickFn = function () {
      self.tick();
    };
    this.resetWaitFn = function () {
      self.onResetWait();
    };
    this.exchangeFn = function () {
      self.onExchange();
    };
    this.haltedFn = function () {
      self.onHalted();
    };
  }

  /** Initialises the chip now and polls every pollMs from then on. */
  start(): void {
    if (this.state !== S_STOPPED) return;
    this.state = S_IDLE;
    this.needInit = true;
    this.ticker = this.clock.every(this.pollMs, this.tickFn);
    this.beginInit();
  }

  /** Stops polling and leaves the chip idle. */
  stop(): void {
    if (this.ticker) this.ticker();
    if (this.pending) this.pending();
    this.ticker = null;
    this.pending = null;
    if (this.state !== S_STOPPED && this.health === H_HEALTHY) this.xcvr.stop();
    this.state = S_STOPPED;
  }

  /** Changes the poll interval (e.g. the ReaderPollInterval configuration key); from the next poll on. */
  setPollInterval(ms: number): void {
    if (!(ms > 0) || ms === this.pollMs) return;
    this.pollMs = ms;
    if (this.ticker) {
      this.ticker();
      this.ticker = this.clock.every(ms, this.tickFn);
    }
  }

  /** VersionReg of the chip (91h, 92h, a clone's value), or -1 before a successful init. */
  chipVersion(): number {
    return this.version;
  }

  /** True once initialised and while the chip passes its checks. */
  isHealthy(): boolean {
    return this.health === H_HEALTHY;
  }

  /** Chip name when healthy, what is wrong when faulted. */
  healthDetail(): string {
    return this.detail;
  }

  /** The card on the reader ("" for none). */
  currentCard(): string {
    return this.presence.current();
  }

  /** Re-initialisations after a failed health check that brought the chip back. */
  recoveryCount(): number {
    return this.recoveries;
  }

  // ---- Scheduling -----------------------------------------------------------------------------

  private after(ms: number, fn: () => void): void {
    this.pending = this.clock.after(ms, fn);
  }

  private tick(): void {
    if (this.state !== S_IDLE) return;
    const now = this.clock.now();
    if (this.needInit) {
      if (now >= this.nextInitAt) this.beginInit();
      return;
    }
    if (this.healthDue || now - this.lastHealthAt >= this.healthMs) {
      if (!this.checkHealth()) return;
    }
    if (now < this.fieldReadyAt) return;
    this.beginCycle();
  }

  // ---- Init and health --------------------------------------------------------------------------

  private beginInit(): void {
    this.state = S_RESETTING;
    this.resetPolls = 0;
    this.xcvr.reset();
    this.chip.forget();
    if (this.resetPin && this.initFailures > 0) {
      this.resetPin.write(false);
      this.resetPin.write(true);
      this.after(HARD_RESET_WAIT_MS, this.resetWaitFn);
    } else {
      this.chip.write(CommandReg, CMD_SOFT_RESET);
      this.after(RESET_POLL_MS, this.resetWaitFn);
    }
  }

  private onResetWait(): void {
    this.pending = null;
    const cmd = this.chip.read(CommandReg);
    if (cmd & POWER_DOWN && cmd !== 0xff) {
      if (++this.resetPolls < RESET_POLLS) {
        this.after(RESET_POLL_MS, this.resetWaitFn);
        return;
      }
      this.initFailed("chip stays in power-down after reset");
      return;
    }
    this.chip.assumeReset();
    this.xcvr.chipWasReset();
    this.config.apply(this.chip);
    let problem = this.config.check(this.chip, -1);
    if (problem) problem = this.config.check(this.chip, -1);
    if (problem) {
      this.initFailed(problem);
      return;
    }
    const now = this.clock.now();
    this.version = this.config.lastVersion();
    this.needInit = false;
    this.initFailures = 0;
    this.healthDue = false;
    this.lastHealthAt = now;
    this.fieldReadyAt = now + FIELD_SETTLE_MS;
    this.state = S_IDLE;
    this.setHealth(H_HEALTHY, describeVersion(this.version));
  }

  private initFailed(problem: string): void {
    this.chip.forget();
    this.xcvr.reset();
    this.needInit = true;
    this.initFailures++;
    // Retry soon at first, then every health period.
    let wait = this.pollMs;
    for (let i = 1; i < this.initFailures && wait < this.healthMs; i++) wait *= 2;
    this.nextInitAt = this.clock.now() + (wait < this.healthMs ? wait : this.healthMs);
    this.state = S_IDLE;
    this.setHealth(H_FAULTED, problem);
  }

  /** Returns true when the chip is fine; otherwise starts a re-init and returns false. */
  private checkHealth(): boolean {
    this.healthDue = false;
    this.lastHealthAt = this.clock.now();
    // A second look before acting: one garbled byte on MISO is not a dead chip.
    if (this.config.check(this.chip, this.version) === "" || this.config.check(this.chip, this.version) === "") return true;
    this.recoveries++;
    this.beginInit();
    return false;
  }

  private setHealth(h: number, detail: string): void {
    const changed = h !== this.health;
    this.health = h;
    this.detail = detail;
    if (changed) this.listener.healthChanged(h === H_HEALTHY, detail);
  }

  // ---- Poll cycle ---------------------------------------------------------------------------------

  private beginCycle(): void {
    this.retried = false;
    this.beginAttempt();
  }

  private beginAttempt(): void {
    const p = this.presence;
    if (p.current() !== "") this.act.beginCheck(p.trackedUid(), p.trackedLen());
    else this.act.beginRead();
    this.sendRequest();
  }

  private sendRequest(): void {
    const a = this.act;
    const wait = this.xcvr.send(a.frame, a.frameLen, a.txLastBits, a.rxAlign, a.expectBytes, a.withColl, a.cardAnswered);
    this.lateReads = 0;
    this.state = S_EXCHANGE;
    this.after(wait, this.exchangeFn);
  }

  private onExchange(): void {
    this.pending = null;
    const x = this.xcvr;
    let status = x.collect();
    if (status === X_PENDING) {
      if (++this.lateReads <= LATE_READS) {
        this.after(LATE_READ_MS, this.exchangeFn);
        return;
      }
      status = x.fault();
    }
    if (status === X_BUS) {
      // Not how a chip behaves: look at its health before the next poll. Cards that answered
      // may be left READY, deaf to the next WUPA: park them (harmless if the chip is gone).
      this.healthDue = true;
      this.suspect = true;
      if (this.act.cardAnswered) this.halt(false);
      else this.endCycle();
      return;
    }
    const out = this.act.onResult(status, x.rx, x.rxLen, x.collReg);
    if (out === A_SEND) {
      this.sendRequest();
      return;
    }
    if ((out === A_NO_CARD || out === A_ABSENT) && !this.retried && (this.suspect || this.presence.current() !== "")) {
      // One miss proves little: a lost command, or a card the last (broken) cycle left READY,
      // looks the same. Park everything that answered and ask once more before counting it.
      this.retried = true;
      if (this.act.cardAnswered) this.halt(true);
      else this.beginAttempt();
      return;
    }
    this.suspect = out !== A_READ && out !== A_CONFIRMED && out !== A_NO_CARD && out !== A_ABSENT;
    // The cycle is over: park the card(s) first, then tell the listener.
    if (this.act.cardAnswered) this.halt(false);
    else this.endCycle();
    if (out === A_READ) {
      const a = this.act;
      const id = uidToIdTag(a.uid, a.uidLen);
      if (this.presence.read(a.uid, a.uidLen, id)) this.listener.cardPresented(id);
    } else if (out === A_CONFIRMED) {
      this.presence.confirmed();
    } else if (out === A_NO_CARD || out === A_ABSENT) {
      const gone = this.presence.missed();
      if (gone !== "") this.listener.cardRemoved(gone);
    }
  }

  /** HLTA to whatever is selected (READY cards take it as an error and fall back to IDLE/HALT). */
  private halt(thenRetry: boolean): void {
    const len = this.act.haltFrame();
    const wait = this.xcvr.sendOnly(this.act.frame, len);
    this.retryAfterHalt = thenRetry;
    this.state = S_HALTING;
    this.after(wait, this.haltedFn);
  }

  private onHalted(): void {
    this.pending = null;
    if (this.retryAfterHalt) this.beginAttempt();
    else this.endCycle();
  }

  private endCycle(): void {
    this.xcvr.stop();
    this.state = S_IDLE;
  }
}
