// On-device benchmark section: one scripted session through the session core, on the interpreter.
// The charger runs with its real parts (session rules, flash Local List of 10,000 entries, cache,
// session record on flash, contactor, light, pilot) on a bench board whose pins are plain objects;
// the reader is bypassed: a UID is "in hand" and handed to the session as the driver would.
// Reports device.session.tap_decision_ms: JS time from the UID in hand to the relay command
// (list lookup, cache, rules, session record written to flash, outputs), mean over a few taps, and
// device.session.stop_decision_ms for the same card stopping. Every file it writes carries its own
// prefix ("bs."), so the unit's own list, settings and session are never touched.
import { Board, pilotVoltsToSense } from "../../hal/board";
import { Cancel } from "../../hal/clock";
import { Edge, InputPin, OutputPin } from "../../hal/pins";
import { SimClock } from "../../hal/sim/clock";
import { FlashStorage, StorageStats } from "../../hal/storage";
import { AuthorizationData } from "../../firmware/authorization/local-list";
import { FlashLocalAuthList } from "../../firmware/allowlist/flash-local-list";
import { startCharger } from "../../firmware/charger";
import { Checksum } from "../../firmware/persist/checksum";
import { codedError } from "../../hal/coded-error";

export type ReportFn = (id: string, value: number, unit: string) => void;

export interface SessionBenchOptions {
  storage: FlashStorage;
  report: ReportFn;
  /** Milliseconds of the host (getTime() * 1000 on a device). */
  nowMs: () => number;
  checksum?: Checksum;
  /** Local List size (default 10,000). */
  entries?: number;
  /** Taps timed (default 5). */
  taps?: number;
}

const PREFIX = "bs.";
const HEX = "0123456789ABCDEF";

function hex(v: number, digits: number): string {
  let s = "";
  for (let i = digits - 1; i >= 0; i--) s += HEX.charAt(Math.floor(v / Math.pow(16, i)) % 16);
  return s;
}

/** A 7-byte UID for card number i. */
function uidOf(i: number): string {
  return "04" + hex((i * 40503 + 777) % 65536, 4) + hex(i, 8);
}

/** The unit's storage seen through a name prefix: the bench's files live apart from the unit's. */
class PrefixedStorage implements FlashStorage {
  constructor(private readonly inner: FlashStorage) {}
  read(name: string): Uint8Array | undefined {
    return this.inner.read(PREFIX + name);
  }
  write(name: string, data: Uint8Array | string, offset?: number, size?: number): void {
    this.inner.write(PREFIX + name, data, offset, size);
  }
  erase(name: string): void {
    this.inner.erase(PREFIX + name);
  }
  list(prefix?: string): string[] {
    const names = this.inner.list(PREFIX + (prefix || ""));
    const out: string[] = [];
    for (let i = 0; i < names.length; i++) out.push((names[i] as string).substr(PREFIX.length));
    return out;
  }
  getFree(): number {
    return this.inner.getFree();
  }
  getStats(): StorageStats {
    return this.inner.getStats();
  }
  compact(): void {
    this.inner.compact();
  }
}

class BenchPin implements OutputPin, InputPin {
  level = false;
  onWrite: ((high: boolean) => void) | undefined;
  write(high: boolean): void {
    this.level = high;
    if (this.onWrite) this.onWrite(high);
  }
  read(): boolean {
    return this.level;
  }
  watch(edge: Edge, fn: (high: boolean, timeMs: number) => void): Cancel {
    return function () {};
  }
}

class BenchPwm {
  duty = 0;
  setDuty(d: number): void {
    this.duty = d;
  }
}

function removeFiles(storage: FlashStorage): void {
  const names = storage.list(PREFIX);
  for (let i = 0; i < names.length; i++) storage.erase(names[i] as string);
}

export function runSessionBench(o: SessionBenchOptions): void {
  const entries = o.entries || 10000;
  const taps = o.taps || 5;
  removeFiles(o.storage);
  const storage = new PrefixedStorage(o.storage);
  try {
    // the Local List, sent as OCPP would (chunks of 100)
    const list = new FlashLocalAuthList(storage, { checksum: o.checksum, reserveBytes: 0 });
    let version = 0;
    for (let from = 0; from < entries; from += 100) {
      const chunk: AuthorizationData[] = [];
      for (let i = from; i < from + 100 && i < entries; i++) chunk.push({ idTag: uidOf(i), idTagInfo: { status: "Accepted" } });
      version++;
      if (list.update(version, from === 0 ? "Full" : "Differential", chunk) !== "Accepted") {
        o.report("device.session.list_failed_at", from, "entries");
        return;
      }
    }

    const clock = new SimClock();
    const relay = new BenchPin();
    let closedAt = -1;
    let openedAt = -1;
    relay.onWrite = function (high: boolean) {
      if (high) closedAt = o.nowMs();
      else openedAt = o.nowMs();
    };
    const sense = { v: pilotVoltsToSense(6) }; // vehicle plugged in and requesting (state C)
    const board: Board = {
      clock: clock,
      storage: storage,
      watchdog: { enable: function () {}, kick: function () {} },
      readerSpi: { transfer: function (tx: Uint8Array) { return new Uint8Array(tx.length); } },
      readerReset: new BenchPin(),
      led: { red: new BenchPwm(), green: new BenchPwm(), blue: new BenchPwm() },
      relay: relay,
      relayFeedback: new BenchPin(),
      pilotPwm: new BenchPwm(),
      pilotSense: { read: function () { return sense.v; } },
      meterPulses: new BenchPin(),
      log: function () {},
    };
    const charger = startCharger(board, {
      localList: list,
      checksum: o.checksum,
      startReader: function () {
        return { stop: function () {} };
      },
    });
    clock.advance(200); // the pilot settles: the session knows its state

    let startSum = 0;
    let stopSum = 0;
    for (let k = 0; k < taps; k++) {
      const uid = uidOf(Math.floor((k * entries) / taps + 13) % entries);
      closedAt = -1;
      const t0 = o.nowMs();
      charger.readerListener.cardPresented(uid);
      if (closedAt < 0) {
        throw codedError("EBENCH", "session bench: the listed card did not close the relay");
      }
      startSum += closedAt - t0;
      clock.advance(2000);
      openedAt = -1;
      const t1 = o.nowMs();
      charger.readerListener.cardPresented(uid);
      if (openedAt < 0) {
        throw codedError("EBENCH", "session bench: the same card did not open the relay");
      }
      stopSum += openedAt - t1;
      clock.advance(2000);
    }
    charger.halt();
    o.report("device.session.tap_decision_ms", Math.round((startSum / taps) * 100) / 100, "ms");
    o.report("device.session.stop_decision_ms", Math.round((stopSum / taps) * 100) / 100, "ms");
  } finally {
    removeFiles(o.storage);
  }
}
