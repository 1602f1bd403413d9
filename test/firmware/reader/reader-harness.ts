// A CardReader on a simulated MFRC522, with a listener that records what it hears and when.
import { SimClock } from "../../../hal/sim/clock";
import { Mfrc522Sim, Mfrc522SimOptions } from "../../../hal/sim/mfrc522/mfrc522-sim";
import { CardReader, CardReaderOptions } from "../../../firmware/reader/card-reader";
import { ReaderListener } from "../../../firmware/reader/reader-events";

export interface ReaderEvent {
  t: number;
  kind: "presented" | "removed" | "health";
  id: string;
  healthy?: boolean;
}

export class Recorder implements ReaderListener {
  events: ReaderEvent[] = [];
  constructor(private clock: SimClock) {}
  cardPresented(idTag: string): void {
    this.events.push({ t: this.clock.now(), kind: "presented", id: idTag });
  }
  cardRemoved(idTag: string): void {
    this.events.push({ t: this.clock.now(), kind: "removed", id: idTag });
  }
  healthChanged(healthy: boolean, detail: string): void {
    this.events.push({ t: this.clock.now(), kind: "health", id: detail, healthy });
  }
  of(kind: ReaderEvent["kind"]): ReaderEvent[] {
    return this.events.filter((e) => e.kind === kind);
  }
}

export interface Rig {
  clock: SimClock;
  chip: Mfrc522Sim;
  reader: CardReader;
  rec: Recorder;
}

/** A reader on a simulated chip; `withResetPin` wires the chip's NRSTPD to the reader. */
export function rig(chipOptions?: Mfrc522SimOptions, readerOptions?: CardReaderOptions, withResetPin?: boolean): Rig {
  const clock = new SimClock();
  const chip = new Mfrc522Sim(clock, chipOptions);
  const rec = new Recorder(clock);
  const options: CardReaderOptions = Object.assign({}, readerOptions);
  if (withResetPin) options.resetPin = chip.resetPin;
  const reader = new CardReader(chip, clock, rec, options);
  return { clock, chip, reader, rec };
}

export function hexUid(uid: ArrayLike<number>): string {
  return Array.from(uid, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
}
