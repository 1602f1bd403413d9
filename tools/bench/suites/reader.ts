// Reader benchmark: SPI traffic and tap-to-UID latency of the driver, measured on the simulated
// MFRC522 (so the figures do not depend on this machine), against the Arduino MFRC522 library's
// register sequence run on the same simulator.

import { Metric } from "../metric";
import { SimClock } from "../../../hal/sim/clock";
import { Mfrc522Sim } from "../../../hal/sim/mfrc522/mfrc522-sim";
import { cardFor, Picc } from "../../../hal/sim/mfrc522/picc";
import { CardReader } from "../../../firmware/reader/card-reader";
import { ReaderListener } from "../../../firmware/reader/reader-events";
import { ArduinoMfrc522, ArduinoReadNuid } from "../baselines/arduino-mfrc522";

const BASELINE = "Arduino MFRC522 library sequence";
const POLL_MS = 100;
/** The simulator's defaults: SPI at 1 MHz plus 0.1 ms per call (an interpreter's call cost). */
const SIM = "sim: SPI 1 MHz + 0.1 ms/call";

const UIDS: { [n: number]: number[] } = {
  4: [0x93, 0xef, 0xd3, 0x80],
  7: [0x04, 0x93, 0xd4, 0x12, 0x5f, 0x70, 0x80],
  10: [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x99, 0xaa],
};

interface Cost {
  transactions: number;
  bytes: number;
}

class FirstTap implements ReaderListener {
  at = -1;
  id = "";
  constructor(private clock: SimClock) {}
  cardPresented(idTag: string): void {
    if (this.at < 0) {
      this.at = this.clock.now();
      this.id = idTag;
    }
  }
  cardRemoved(): void {}
  healthChanged(): void {}
}

/** Our driver: cost of the poll cycle that runs while `card` (or nothing) is in the field. */
function driverPoll(card: Picc | null): Cost {
  const clock = new SimClock();
  const chip = new Mfrc522Sim(clock);
  const tap = new FirstTap(clock);
  // Health checks (one read window every 2 s by default) are kept out of the per-poll figures.
  const reader = new CardReader(chip, clock, tap, { pollMs: POLL_MS, healthMs: 3600000 });
  reader.start();
  clock.advanceTo(250);
  if (card) chip.field.enter(card, 250);
  const t0 = chip.stats.transactions;
  const b0 = chip.stats.bytes;
  clock.advanceTo(350);
  if (card && tap.id !== hex(card.uid)) throw new Error("driver did not read " + hex(card.uid));
  return { transactions: chip.stats.transactions - t0, bytes: chip.stats.bytes - b0 };
}

/** The baseline: one ReadNUID loop pass (REQA; if a card: select, halt, stop crypto). */
function baselinePoll(card: Picc | null): Cost {
  const clock = new SimClock();
  const chip = new Mfrc522Sim(clock);
  const rfid = new ArduinoMfrc522(chip, clock);
  rfid.PCD_Init();
  clock.advance(10);
  if (card) {
    chip.field.enter(card, clock.now());
    clock.advance(6);
  }
  const loop = new ArduinoReadNuid(rfid);
  const t0 = chip.stats.transactions;
  const b0 = chip.stats.bytes;
  const id = loop.poll();
  if (card && id !== hex(card.uid)) throw new Error("baseline did not read " + hex(card.uid));
  return { transactions: chip.stats.transactions - t0, bytes: chip.stats.bytes - b0 };
}

/** Simulated ms from a card entering the field to its report, worst over entry phases and UID sizes. */
function tapToUid(useBaseline: boolean): number {
  let worst = 0;
  for (const size of [4, 7, 10]) {
    for (let phase = 0; phase < POLL_MS; phase += 1) {
      const clock = new SimClock();
      const chip = new Mfrc522Sim(clock);
      const enter = 1000 + phase;
      const card = cardFor(UIDS[size] as number[]);
      chip.field.enter(card, enter);
      let reportedAt = -1;
      if (useBaseline) {
        const rfid = new ArduinoMfrc522(chip, clock);
        rfid.PCD_Init();
        const loop = new ArduinoReadNuid(rfid);
        clock.every(POLL_MS, () => {
          if (reportedAt < 0 && loop.poll() !== "") reportedAt = clock.now();
        });
      } else {
        const tap = new FirstTap(clock);
        new CardReader(chip, clock, tap, { pollMs: POLL_MS }).start();
        clock.every(1, () => {
          if (reportedAt < 0 && tap.at >= 0) reportedAt = tap.at;
        });
      }
      clock.advanceTo(enter + 3 * POLL_MS);
      if (reportedAt < 0) throw new Error((useBaseline ? "baseline" : "driver") + ` never reported a ${size}-byte card entering at ${enter}`);
      worst = Math.max(worst, reportedAt - enter);
    }
  }
  return worst;
}

function hex(uid: Uint8Array): string {
  return Array.from(uid, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

export async function run(): Promise<Metric[]> {
  const idle = driverPoll(null);
  const idleBase = baselinePoll(null);
  const metrics: Metric[] = [
    { id: "reader.idle_poll.spi_transactions", value: idle.transactions, unit: "count", baseline: idleBase.transactions, baselineName: BASELINE, note: SIM },
    { id: "reader.idle_poll.spi_bytes", value: idle.bytes, unit: "bytes", baseline: idleBase.bytes, baselineName: BASELINE, note: SIM },
  ];
  for (const size of [4, 7, 10]) {
    const ours = driverPoll(cardFor(UIDS[size] as number[]));
    const base = baselinePoll(cardFor(UIDS[size] as number[]));
    metrics.push({ id: `reader.read_${size}b.spi_transactions`, value: ours.transactions, unit: "count", baseline: base.transactions, baselineName: BASELINE, note: `poll cycle reading a new card; ${SIM}` });
  }
  metrics.push({ id: "reader.tap_to_uid_ms", value: round(tapToUid(false)), unit: "ms", baseline: round(tapToUid(true)), baselineName: BASELINE, note: "simulated; worst over entry phases (1 ms steps) and 4/7/10-byte UIDs; 100 ms polls" });
  if (idle.transactions * 2 > idleBase.transactions) throw new Error(`idle poll target missed: ${idle.transactions} vs baseline ${idleBase.transactions}`);
  return metrics;
}
