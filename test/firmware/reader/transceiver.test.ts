// The exchange primitive: the SPI windows it spends, and how it reads an exchange's outcome.
import { SpiBus } from "../../../hal/spi";
import { SimClock } from "../../../hal/sim/clock";
import { Mfrc522Sim } from "../../../hal/sim/mfrc522/mfrc522-sim";
import { classic1k } from "../../../hal/sim/mfrc522/picc";
import { Mfrc522 } from "../../../firmware/reader/mfrc522";
import { ChipConfig } from "../../../firmware/reader/chip-config";
import {
  Transceiver, X_OK, X_TIMEOUT, X_COLLISION, X_ERROR, X_BUS, X_PENDING, frameMs,
} from "../../../firmware/reader/transceiver";

class Tap implements SpiBus {
  windows: number[][] = [];
  constructor(private inner: SpiBus) {}
  transfer(tx: Uint8Array): Uint8Array {
    this.windows.push(Array.from(tx));
    return this.inner.transfer(tx);
  }
}

function setup(): { clock: SimClock; sim: Mfrc522Sim; tap: Tap; x: Transceiver } {
  const clock = new SimClock();
  const sim = new Mfrc522Sim(clock);
  const tap = new Tap(sim);
  const chip = new Mfrc522(tap);
  chip.assumeReset();
  new ChipConfig(-1).apply(chip);
  const x = new Transceiver(chip);
  x.chipWasReset();
  clock.advance(6);
  tap.windows = [];
  return { clock, sim, tap, x };
}

const WUPA = Uint8Array.from([0x52]);

test("an exchange from idle: clear IRQs, FIFO, Transceive, StartSend; then one read stream", () => {
  const { clock, tap, x } = setup();
  const wait = x.send(WUPA, 1, 7, 0, 2, false, false);
  expect(tap.windows).toEqual([
    [0x08, 0x7f], // ComIrqReg <- 7Fh
    [0x12, 0x52], // FIFODataReg <- 52h
    [0x02, 0x0c], // CommandReg <- Transceive
    [0x1a, 0x87], // BitFramingReg <- StartSend | TxLastBits 7
  ]);
  expect(wait).toBeCloseTo(frameMs(1, 7) + 1.15, 9);
  clock.advance(wait);
  tap.windows = [];
  expect(x.collect()).toBe(X_TIMEOUT);
  expect(tap.windows).toEqual([[0x88, 0x8c, 0x94, 0x98, 0x92, 0x92, 0x00]]);
  tap.windows = [];
  x.stop();
  expect(tap.windows).toEqual([[0x02, 0x00]]);
});

test("the next exchange after an answer reuses the running Transceive; after a timeout it restarts it", () => {
  const { clock, sim, tap, x } = setup();
  sim.field.enter(classic1k([1, 2, 3, 4]), 0);
  clock.advance(x.send(WUPA, 1, 7, 0, 2, false, false));
  expect(x.collect()).toBe(X_OK);
  expect(Array.from(x.rx.subarray(0, 2))).toEqual([0x04, 0x00]);
  tap.windows = [];
  const quick = x.send(Uint8Array.from([0x93, 0x20]), 2, 0, 0, 5, true, true);
  expect(tap.windows.length).toBe(3); // no CommandReg write
  expect(quick).toBeLessThan(frameMs(2, 0) + 0.75); // a card is there: wait for its answer, not the timer
  clock.advance(quick);
  expect(x.collect()).toBe(X_OK);
  tap.windows = [];
  clock.advance(x.send(Uint8Array.from([0x95, 0x20]), 2, 0, 0, 5, true, true)); // wrong level: silence
  expect(x.collect()).toBe(X_PENDING); // the answer did not come; the timer is still running
  clock.advance(1);
  expect(x.collect()).toBe(X_TIMEOUT);
  tap.windows = [];
  x.send(WUPA, 1, 7, 0, 2, false, false);
  expect(tap.windows[0]).toEqual([0x02, 0x00]); // Idle first: the receiver was still listening
  expect(tap.windows).toContainEqual([0x02, 0x0c]);
});

/** A bus that answers read streams with scripted register values. */
class Scripted implements SpiBus {
  values: { [reg: number]: number } = {};
  fifo: number[] = [];
  transfer(tx: Uint8Array): Uint8Array {
    const rx = new Uint8Array(tx.length);
    if (tx[0]! & 0x80) {
      for (let k = 0; k + 1 < tx.length; k++) {
        const reg = (tx[k]! >> 1) & 0x3f;
        rx[k + 1] = reg === 0x09 ? (this.fifo.shift() ?? 0) : (this.values[reg] ?? 0);
      }
    }
    return rx;
  }
}

function outcome(values: { [reg: number]: number }, fifo: number[], expect: number): [number, Transceiver] {
  const bus = new Scripted();
  bus.values = values;
  bus.fifo = fifo;
  const x = new Transceiver(new Mfrc522(bus));
  x.send(WUPA, 1, 7, 0, expect, true, false);
  return [x.collect(), x];
}

test.each([
  ["RxIRq, no error, expected length", { 4: 0x60, 10: 2 }, [4, 0], X_OK],
  ["TimerIRq, nothing received", { 4: 0x41, 10: 0 }, [], X_TIMEOUT],
  ["TimerIRq with bytes (a late, partial answer)", { 4: 0x41, 10: 1 }, [4], X_ERROR],
  ["CollErr", { 4: 0x62, 6: 0x08, 10: 2, 14: 0x11 }, [4, 0], X_COLLISION],
  ["ParityErr", { 4: 0x62, 6: 0x02, 10: 2 }, [4, 0], X_ERROR],
  ["wrong length", { 4: 0x60, 10: 1 }, [4], X_ERROR],
  ["last byte not whole", { 4: 0x60, 10: 2, 12: 0x13 }, [4, 0], X_ERROR],
  ["Set1 reads 1: not a chip (MISO stuck high)", { 4: 0xff, 6: 0xff, 10: 0xff }, [], X_BUS],
  ["FIFO level above 64", { 4: 0x60, 10: 0x7f }, [], X_BUS],
  ["neither RxIRq nor TimerIRq yet", { 4: 0x40, 10: 0 }, [], X_PENDING],
  ["all zero (MISO stuck low)", {}, [], X_PENDING],
] as [string, { [reg: number]: number }, number[], number][])("%s", (_name, values, fifo, expected) => {
  expect(outcome(values, fifo, 2)[0]).toBe(expected);
});

test("an exchange whose FIFO was read before it finished cannot succeed", () => {
  const bus = new Scripted();
  const x = new Transceiver(new Mfrc522(bus));
  x.send(WUPA, 1, 7, 0, 2, false, false);
  bus.values = { 4: 0x40, 10: 1 };
  bus.fifo = [4];
  expect(x.collect()).toBe(X_PENDING);
  bus.values = { 4: 0x60, 10: 2 };
  bus.fifo = [4, 0];
  expect(x.collect()).toBe(X_ERROR);
});

test("CollReg and received bytes are kept for the caller", () => {
  const [r, x] = outcome({ 4: 0x62, 6: 0x08, 10: 5, 14: 0x11 }, [0x12, 0x34, 0, 0, 0], 5);
  expect(r).toBe(X_COLLISION);
  expect(x.collReg).toBe(0x11);
  expect(Array.from(x.rx.subarray(0, 5))).toEqual([0x12, 0x34, 0, 0, 0]);
});
