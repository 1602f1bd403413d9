// On-device benchmark section: the reader driver against the simulated MFRC522 and a 7-byte card,
// all running on the interpreter. Reports device.reader.read_7b_ms: JS time (ms) of the poll
// cycle that reads a 7-byte UID, simulated chip included (mean of a few reads).

import { SimClock } from "../../hal/sim/clock";
import { Mfrc522Sim } from "../../hal/sim/mfrc522/mfrc522-sim";
import { ultralight } from "../../hal/sim/mfrc522/picc";
import { CardReader } from "../../firmware/reader/card-reader";
import { ReaderListener } from "../../firmware/reader/reader-events";
import { codedError } from "../../hal/coded-error";

export type ReportFn = (id: string, value: number, unit: string) => void;

const POLL_MS = 100;
const READS = 5;
const UID7 = [0x04, 0x93, 0xd4, 0x12, 0x5f, 0x70, 0x80];
const ID7 = "0493D4125F7080";

class LastCard implements ReaderListener {
  id: string;
  constructor() {
    this.id = "";
  }
  cardPresented(idTag: string): void {
    this.id = idTag;
  }
  cardRemoved(): void {
    this.id = "";
  }
  healthChanged(): void {}
}

/** `nowMs`: a millisecond clock of the host (getTime() * 1000 on Espruino). */
export function benchReader(report: ReportFn, nowMs: () => number): void {
  const clock = new SimClock();
  const chip = new Mfrc522Sim(clock);
  const seen = new LastCard();
  const reader = new CardReader(chip, clock, seen, { pollMs: POLL_MS, healthMs: 3600000 });
  const card = ultralight(UID7);
  reader.start();
  clock.advance(POLL_MS + 50);
  let total = 0;
  for (let i = 0; i < READS; i++) {
    // The card arrives just before the next poll; time that poll (the simulated clock only
    // moves inside the timed part, through the reader's own timers).
    const tick = (Math.floor(clock.now() / POLL_MS) + 1) * POLL_MS;
    clock.advanceTo(tick - 5);
    chip.field.enter(card, clock.now());
    const t0 = nowMs();
    clock.advance(30);
    total += nowMs() - t0;
    if (seen.id !== ID7) {
      throw codedError("EBENCH", "reader bench: the 7-byte card was not read");
    }
    chip.field.leave(card, clock.now());
    clock.advance(6 * POLL_MS);
  }
  reader.stop();
  report("device.reader.read_7b_ms", Math.round((total / READS) * 100) / 100, "ms");
}
