// Node only. One simulated charger as `npm start` and the scenarios see it: the flashed bundle
// (dist/firmware.js) running under the Espruino shim on a SimBoard, with
// - the MFRC522 simulator on the reader's SPI bus and NRSTPD line, and cards that enter and leave
//   its field (a tap is a card held in the field for holdMs);
// - the physical world around the unit: the vehicle on the control pilot (A/B/C), a vehicle that
//   draws power through the contactor (S0 meter pulses), a contact that can weld;
// - the network link (real TCP through Node) that can go offline, with the OCPP traffic read off it.
//
// The unit's flash (SimStorage) is the caller's: prepare it (tools/sim/unit-flash.ts) before
// constructing, save it after. Time is the board's SimClock; `advance`/`advanceTo` move it.
import { SimBoard } from "../../hal/sim/board";
import { SimStorage } from "../../hal/sim/storage";
import { PilotState } from "../../hal/sim/pilot";
import { Mfrc522Sim } from "../../hal/sim/mfrc522/mfrc522-sim";
import { cardFor, Picc } from "../../hal/sim/mfrc522/picc";
import { LedObservation } from "../../hal/sim/rgb-led";
import { BundleRunner, runBundle } from "./bundle-runner";
import { UncaughtError } from "./espruino-shim";
import { OcppTapLink } from "./ocpp-tap";

export const DEFAULT_HOLD_MS = 300;
/** While a connection is open, simulated time moves at most this far between two looks at the link. */
export const MAX_QUIET_JUMP_MS = 50;
/** What the simulated vehicle draws while it requests energy and the contactor is closed. */
export const VEHICLE_WATTS = 7400;

export type ReaderFaultKind = "hang" | "noise" | "reset";

/** Share of card answers corrupted by the `noise` fault. */
export const READER_NOISE_RATE = 0.3;

export interface SimUnitOptions {
  /** The built bundle to flash and run (dist/firmware.js). */
  file: string;
  /** The unit's flash (prepared by the caller). */
  storage: SimStorage;
  /** Where the unit's connections really go (see NetworkLinkOptions.route); default: where it asks. */
  route?: (host: string, port: number) => { host: string; port: number } | undefined;
  /** Network up at boot (default true). */
  online?: boolean;
  /** Every console line of the firmware, with the simulated time. */
  echo?: (line: string, atMs: number) => void;
  onUncaught?: (u: UncaughtError) => void;
  /** Real ms to wait for each answer of the peer before moving simulated time on (default 1500). */
  answerWaitMs?: number;
}

/** Where a card is: its model and whether it is in the field now. */
interface CardSlot {
  card: Picc;
  inField: boolean;
  /** Bumped on each tap, so an older tap's timer does not take a re-tapped card away. */
  tapSeq: number;
}

export class SimUnit {
  readonly board: SimBoard;
  readonly chip: Mfrc522Sim;
  readonly link: OcppTapLink;
  readonly runner: BundleRunner;
  /** Every uncaught error of every boot. */
  readonly errors: UncaughtError[];
  private readonly cards: { [uid: string]: CardSlot } = {};
  private pilotState: PilotState = "A";
  private readerDead = false;
  private noisy = false;
  private readonly onUncaught: ((u: UncaughtError) => void) | undefined;
  private errorsReported = 0;

  constructor(options: SimUnitOptions) {
    const storage = options.storage;
    if (storage.isDead()) storage.powerCycle();
    const board = new SimBoard({ storage });
    this.board = board;
    const clock = board.clock;
    this.link = new OcppTapLink({ online: options.online !== false, route: options.route, answerWaitMs: options.answerWaitMs }, () => clock.now());

    // The reader chip on the board's SPI bus and NRSTPD line (held in reset until the firmware raises it).
    const chip = new Mfrc522Sim(clock);
    this.chip = chip;
    board.setReaderSpi(chip);
    chip.resetPin.write(board.readerReset.isHigh());
    board.readerReset.onChange(function (high: boolean) {
      chip.resetPin.write(high);
    });

    // The vehicle draws power while it asks for it (C/D) and the main contact is closed.
    const self = this;
    board.relay.feedback.watch("both", function () {
      self.updateLoad();
    });

    const echo = options.echo;
    this.runner = runBundle({
      file: options.file,
      board,
      network: this.link,
      echo: echo ? function (line: string) { echo(line, clock.now()); } : undefined,
    });
    this.errors = this.runner.errors;
    this.onUncaught = options.onUncaught;
    this.reportErrors();
  }

  get clockMs(): number {
    return this.board.clock.now();
  }

  // ---- time

  /**
   * Moves simulated time forward by `ms`, from timer to timer. After any timer that moved bytes on
   * the link, real time is given to the peer (OcppTapLink.settle: until traffic is quiet and every
   * CALL the charger sent is answered), so the Central System answers in no simulated time,
   * whatever the host's speed. While a connection is open, time never jumps more than
   * MAX_QUIET_JUMP_MS without letting unsolicited traffic in.
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new Error("advance: expected ms >= 0, got " + ms);
    const clock = this.board.clock;
    const link = this.link;
    const target = clock.now() + ms;
    await link.settle();
    let quietSince = clock.now();
    while (clock.now() < target && !this.runner.isStopped()) {
      const due = clock.nextTimerAt();
      let next = due === undefined ? target : Math.min(target, Math.max(due, clock.now()));
      const connected = link.openCount() > 0;
      // one expression for the limit and the test below, so rounding cannot stall the loop
      const quietLimit = quietSince + MAX_QUIET_JUMP_MS;
      if (connected) next = Math.min(next, quietLimit);
      if (next < clock.now()) next = clock.now();
      const before = link.lastActivityAt();
      clock.advanceTo(next);
      if (link.lastActivityAt() !== before || (connected && clock.now() >= quietLimit)) {
        await link.settle();
        quietSince = clock.now();
      }
      this.reportErrors();
    }
    this.reportErrors();
  }

  /** Advances to `atMs`; if the unit already ran past it (SPI time counts), only lets I/O settle. */
  async advanceTo(atMs: number): Promise<void> {
    await this.advance(Math.max(0, atMs - this.board.clock.now()));
  }

  // ---- the vehicle

  setPilot(state: PilotState): void {
    this.pilotState = state;
    this.board.pilot.setState(state);
    this.updateLoad();
  }

  pilot(): PilotState {
    return this.pilotState;
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

  // ---- cards

  /** A card (hex UID, 4/7/10 bytes) enters the field now and leaves after holdMs. */
  tap(uid: string, holdMs?: number): void {
    this.tapMany([uid], holdMs);
  }

  /** Several cards enter the field at once and leave together after holdMs. */
  tapMany(uids: string[], holdMs?: number): void {
    const hold = holdMs === undefined ? DEFAULT_HOLD_MS : holdMs;
    const now = this.board.clock.now();
    const self = this;
    for (const uid of uids) {
      const slot = this.slot(uid);
      if (!slot.inField) {
        this.chip.field.enter(slot.card, now);
        slot.inField = true;
      }
      const seq = ++slot.tapSeq;
      this.board.clock.after(hold, function () {
        if (slot.tapSeq === seq) self.remove(uid);
      });
    }
  }

  /** A card is put on the reader and stays (until remove). */
  place(uid: string): void {
    const slot = this.slot(uid);
    slot.tapSeq++;
    if (slot.inField) return;
    this.chip.field.enter(slot.card, this.board.clock.now());
    slot.inField = true;
  }

  remove(uid: string): void {
    const slot = this.cards[normalizeUid(uid)];
    if (!slot || !slot.inField) return;
    this.chip.field.leave(slot.card, this.board.clock.now());
    slot.inField = false;
  }

  cardsInField(): string[] {
    return Object.keys(this.cards).filter((u) => (this.cards[u] as CardSlot).inField);
  }

  // ---- faults

  /**
   * hang: the chip stops answering on SPI (MISO stuck low) and a reset pulse does not help, as a
   * latched-up chip; only a power cycle of the unit brings it back. noise: from now on a share of
   * the card answers arrive corrupted (until the unit is power-cycled or clearReaderFaults()).
   * reset: a brown-out of the chip alone: its registers go back to reset values, antenna off; the
   * firmware has to notice and set it up again.
   */
  readerFault(kind: ReaderFaultKind): void {
    if (kind === "hang") {
      this.readerDead = true;
      this.chip.hang(0x00, false);
    } else if (kind === "noise") {
      this.noisy = true;
      this.chip.setNoise(READER_NOISE_RATE);
    } else if (kind === "reset") {
      this.chip.silentReset();
    } else {
      throw new Error(`unknown reader fault "${String(kind)}" (hang, noise, reset)`);
    }
  }

  clearReaderFaults(): void {
    this.readerDead = false;
    this.noisy = false;
    this.chip.unhang();
    this.chip.setNoise(0);
  }

  readerFaults(): string[] {
    const out: string[] = [];
    if (this.readerDead) out.push("hang");
    if (this.noisy) out.push("noise");
    return out;
  }

  /** The contactor's contact welds shut (true) or is freed (false). */
  weld(stuck: boolean): void {
    this.board.relay.weld(stuck);
    this.updateLoad();
  }

  // ---- network and power

  setOnline(online: boolean): void {
    this.link.setOnline(online);
  }

  isNetworkOnline(): boolean {
    return this.link.isOnline();
  }

  /** Power cut and back: firmware and reader chip restart; flash, cards, vehicle and weld stay. */
  powerCycle(): void {
    this.clearReaderFaults();
    this.runner.powerCycle();
  }

  stop(): void {
    this.runner.stop();
    this.link.closeAll();
  }

  // ---- what can be seen

  /** What the firmware drives the contactor coil to. */
  relayCommand(): boolean {
    return this.board.relay.coil.isHigh();
  }

  /** What the auxiliary contact reports. */
  relayContact(): boolean {
    return this.board.relay.contactClosed();
  }

  /**
   * What the light showed over the last `windowMs`, never looking back past the last boot (before
   * it the light was dark because no program ran, which says nothing about the firmware).
   */
  led(windowMs: number): LedObservation {
    const sinceBoot = this.board.clock.now() - this.lastBootAt();
    return this.board.led.observe(Math.max(1, Math.min(windowMs, sinceBoot)));
  }

  /** Simulated time of the last boot (start, power cycle or watchdog reset). */
  lastBootAt(): number {
    const boots = this.runner.boots;
    return boots.length ? (boots[boots.length - 1] as { atMs: number }).atMs : 0;
  }

  /** The firmware's CHARGER object exists (the charger has started). */
  hasCharger(): boolean {
    const c = this.runner.isStopped() ? undefined : this.runner.global("CHARGER");
    return c !== undefined && c !== null;
  }

  /** CHARGER.status() as host JSON, or an error text (no CHARGER, or it threw). */
  chargerStatus(): { status?: any; error?: string } {
    if (!this.hasCharger()) return { error: "the firmware exposes no CHARGER object (not started, or an older firmware)" };
    try {
      return { status: this.runner.evaluateJSON("CHARGER.status()") };
    } catch (e) {
      return { error: "CHARGER.status() threw: " + (e as Error).message };
    }
  }

  /** Calls CHARGER.changeConfiguration(key, value) in the firmware (the unit's local path). */
  changeConfigurationLocally(key: string, value: string): string {
    if (!this.hasCharger()) throw new Error("the firmware exposes no CHARGER object");
    const fn = this.runner.evaluate("typeof CHARGER.changeConfiguration");
    if (fn !== "function") throw new Error("the firmware's CHARGER has no changeConfiguration(key, value)");
    return String(this.runner.evaluateJSON(`CHARGER.changeConfiguration(${JSON.stringify(key)}, ${JSON.stringify(value)})`));
  }

  /** Reports uncaught errors that arrived since the last call. */
  reportErrors(): void {
    while (this.errorsReported < this.errors.length) {
      const u = this.errors[this.errorsReported++] as UncaughtError;
      if (this.onUncaught) this.onUncaught(u);
    }
  }

  private slot(uid: string): CardSlot {
    const key = normalizeUid(uid);
    let slot = this.cards[key];
    if (!slot) {
      slot = { card: cardFor(uidBytes(key)), inField: false, tapSeq: 0 };
      this.cards[key] = slot;
    }
    return slot;
  }

  private updateLoad(): void {
    const drawing = (this.pilotState === "C" || this.pilotState === "D") && this.board.relay.contactClosed();
    this.board.meter.setPower(drawing ? VEHICLE_WATTS : 0);
  }
}

export function normalizeUid(uid: string): string {
  return uid.toUpperCase();
}

/** "04A1B2C3" -> bytes; 4, 7 or 10 bytes of hex. */
export function uidBytes(uid: string): number[] {
  if (!/^[0-9A-Fa-f]+$/.test(uid) || ![8, 14, 20].includes(uid.length)) {
    throw new Error(`a card UID is 4, 7 or 10 bytes in hex (8, 14 or 20 digits), got "${uid}"`);
  }
  const out: number[] = [];
  for (let i = 0; i < uid.length; i += 2) out.push(parseInt(uid.substring(i, i + 2), 16));
  return out;
}
