import { Board } from "../../hal/board";
import { SimBoard } from "../../hal/sim/board";
import { SimClock } from "../../hal/sim/clock";
import { SimStorage } from "../../hal/sim/storage";
import { PilotState } from "../../hal/sim/pilot";
import { LedObservation } from "../../hal/sim/rgb-led";
import { IdTagInfo } from "../../firmware/authorization/id-tag-info";
import { LocalAuthList } from "../../firmware/authorization/local-list";
import { AuthorizationCache } from "../../firmware/authorization/authorization-cache";
import { Settings } from "../../firmware/config/settings";
import { ChargerHandle, startCharger } from "../../firmware/charger";
import { Mfrc522Sim } from "../../hal/sim/mfrc522/mfrc522-sim";
import { cardFor, Picc } from "../../hal/sim/mfrc522/picc";
import { FlashLocalAuthList } from "../../firmware/allowlist/flash-local-list";
import { FakeBackend, FakeBackendOptions } from "./fake-backend";

export interface ListEntry {
  idTag: string;
  status: IdTagInfo["status"];
  parentIdTag?: string;
  expiresAt?: number;
}

export interface ChargerUnitOptions {
  /** Configuration keys set before the first boot (as ChangeConfiguration would). */
  config?: { [key: string]: string | number | boolean };
  localList?: ListEntry[];
  backend?: FakeBackendOptions;
  clock?: SimClock;
  storage?: SimStorage;
  /** Wall clock (UTC ms) at time 0; undefined = never known. */
  epochAtZeroMs?: number;
  /** Whether the unit reboots by itself when its watchdog fires (default true). */
  rebootOnWatchdog?: boolean;
  /** Starts the firmware on the board (default: startCharger with the fake backend). */
  firmware?: (board: Board, reboot: (hard: boolean) => void) => ChargerHandle;
}

/**
 * A whole charger on the simulated board, for tests and benchmarks: the firmware's startCharger on
 * a SimBoard, a fake Central System, a Local List and cache. Power cycles keep the clock, the flash,
 * the backend and the physical world (pilot state, welded contact); everything the firmware ran
 * is gone. The reader is the real MFRC522 driver talking to the simulated chip: a tap is a card
 * entering the chip's field (and leaving it after `holdMs`).
 */
export class ChargerUnit {
  readonly clock: SimClock;
  readonly storage: SimStorage;
  readonly backend: FakeBackend;
  sim!: SimBoard;
  chip!: Mfrc522Sim;
  charger!: ChargerHandle;
  /** Times the firmware started. */
  boots: number[] = [];
  /** Coil changes of every board incarnation, oldest first. */
  coil: { t: number; closed: boolean }[] = [];
  resets = 0;
  /** Called at every coil change, synchronously (the firmware's state is the one that decided it). */
  onCoil: ((closed: boolean) => void) | undefined;
  private pilotState: PilotState = "A";
  private welded = false;
  private readerDead = false;
  private cards: { [idTag: string]: Picc } = {};
  /** Cards in the field now (they stay there across the unit's power cycles). */
  private inField: Picc[] = [];
  private epochAtZeroMs: number | undefined;
  private rebootOnWatchdog: boolean;
  private firmware: ((board: Board, reboot: (hard: boolean) => void) => ChargerHandle) | undefined;

  constructor(o?: ChargerUnitOptions) {
    const opt = o || {};
    this.clock = opt.clock || new SimClock();
    this.storage = opt.storage || new SimStorage();
    this.backend = new FakeBackend(this.clock, opt.backend);
    this.epochAtZeroMs = opt.epochAtZeroMs;
    this.rebootOnWatchdog = opt.rebootOnWatchdog === undefined ? true : opt.rebootOnWatchdog;
    this.firmware = opt.firmware;
    if (opt.localList) {
      // written to the unit's flash before boot, where the firmware's own store finds it
      const status = new FlashLocalAuthList(this.storage).update(1, "Full", opt.localList.map((e) => ({
        idTag: e.idTag, idTagInfo: { status: e.status, parentIdTag: e.parentIdTag, expiresAt: e.expiresAt },
      })));
      if (status !== "Accepted") throw new Error("ChargerUnit: local list not stored: " + status);
    }
    if (opt.config) {
      const s = new Settings(this.storage);
      s.load();
      for (const k in opt.config) {
        const r = s.change(k, String(opt.config[k]));
        if (r !== "Accepted") throw new Error("ChargerUnit: config " + k + "=" + opt.config[k] + ": " + r);
      }
    }
    this.boot();
  }

  /** Starts the firmware on a fresh board (same clock, flash, backend and physical world). */
  private boot(): void {
    if (this.storage.isDead()) this.storage.powerCycle();
    const sim = new SimBoard({ clock: this.clock, storage: this.storage });
    this.sim = sim;
    // the reader chip is powered with the unit: a fresh chip, the same cards near it
    const chip = new Mfrc522Sim(this.clock);
    this.chip = chip;
    sim.setReaderSpi(chip);
    chip.resetPin.write(sim.readerReset.isHigh());
    sim.readerReset.onChange(function (high: boolean) {
      chip.resetPin.write(high);
    });
    for (const card of this.inField) chip.field.enter(card, this.clock.now());
    if (this.readerDead) chip.hang(0x00);
    sim.pilot.setState(this.pilotState);
    if (this.welded) sim.relay.weld(true);
    this.coil.push({ t: this.clock.now(), closed: false });
    const self = this;
    sim.relay.coil.onChange(function (high: boolean) {
      if (self.sim !== sim) return;
      self.coil.push({ t: self.clock.now(), closed: high });
      if (self.onCoil) self.onCoil(high);
    });
    sim.watchdog.onReset(function () {
      if (self.sim !== sim) return;
      self.resets++;
      if (self.rebootOnWatchdog) self.restart();
    });
    this.backend.setClock(this.clock);
    this.boots.push(this.clock.now());
    const reboot = function () {
      self.clock.after(0, function () {
        self.restart();
      });
    };
    this.charger = this.firmware ? this.firmware(sim.board, reboot) : startCharger(sim.board, { backend: this.backend, reboot: reboot });
    if (this.epochAtZeroMs !== undefined) this.charger.wallClock.set(this.epochAtZeroMs + this.clock.now());
  }

  private restart(): void {
    this.charger.halt();
    this.sim.watchdog.disarm();
    this.boot();
  }

  // ---- the physical world

  setPilot(state: PilotState): void {
    this.pilotState = state;
    this.sim.pilot.setState(state);
  }
  plug(): void {
    this.setPilot("B");
  }
  request(): void {
    this.setPilot("C");
  }
  suspend(): void {
    this.setPilot("B");
  }
  unplug(): void {
    this.setPilot("A");
  }
  pilot(): PilotState {
    return this.pilotState;
  }

  /** The card with this UID (hex, byte 0 first), the same object every time. */
  card(idTag: string): Picc {
    let c = this.cards[idTag];
    if (!c) {
      if (!/^([0-9A-F][0-9A-F])+$/.test(idTag) || [8, 14, 20].indexOf(idTag.length) < 0) {
        throw new Error("ChargerUnit.tap: a UID is 4, 7 or 10 bytes of uppercase hex, got " + idTag);
      }
      const bytes: number[] = [];
      for (let i = 0; i < idTag.length; i += 2) bytes.push(parseInt(idTag.substr(i, 2), 16));
      c = cardFor(bytes);
      this.cards[idTag] = c;
    }
    return c;
  }

  /** A card enters the reader's field now and leaves after `holdMs` (default 300). */
  tap(idTag: string, holdMs?: number): void {
    this.cardEnters(idTag);
    const self = this;
    this.clock.after(holdMs === undefined ? 300 : holdMs, function () {
      self.cardLeaves(idTag);
    });
  }

  isInField(idTag: string): boolean {
    return this.inField.indexOf(this.card(idTag)) >= 0;
  }

  cardEnters(idTag: string): void {
    const c = this.card(idTag);
    if (this.inField.indexOf(c) >= 0) throw new Error("ChargerUnit: card " + idTag + " is already in the field");
    this.inField.push(c);
    this.chip.field.enter(c, this.clock.now());
  }

  cardLeaves(idTag: string): void {
    const c = this.card(idTag);
    const i = this.inField.indexOf(c);
    if (i < 0) return;
    this.inField.splice(i, 1);
    this.chip.field.leave(c, this.clock.now());
  }

  /** The reader chip stops answering (MISO stuck low) or answers again. */
  readerFault(dead: boolean): void {
    this.readerDead = dead;
    if (dead) this.chip.hang(0x00);
    else this.chip.unhang();
  }

  weld(stuck: boolean): void {
    this.welded = stuck;
    this.sim.relay.weld(stuck);
  }

  /** Power goes and comes back: the firmware stops wherever it was and boots again. */
  powerCycle(): void {
    this.restart();
  }

  /** The firmware hangs: nothing it runs runs any more (the watchdog still counts). */
  hang(): void {
    this.charger.halt();
  }

  advance(ms: number): void {
    this.clock.advance(ms);
  }

  // ---- what can be seen

  /** The firmware's Local List and cache (reopened from flash at every boot). */
  list(): LocalAuthList {
    return this.charger.localList;
  }
  cache(): AuthorizationCache {
    return this.charger.cache;
  }

  relayClosed(): boolean {
    return this.sim.relay.coil.isHigh();
  }
  status(): string {
    return this.charger.session.status();
  }
  lastDecision(): string {
    return this.charger.session.lastDecision();
  }
  led(windowMs: number): LedObservation {
    return this.sim.led.observe(windowMs);
  }
  pilotDuty(): number {
    return this.sim.pilot.pwm.duty();
  }
}
