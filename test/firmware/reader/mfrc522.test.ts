// Register access framing and the write shadow, against a recording SPI bus.
import { SpiBus } from "../../../hal/spi";
import { Mfrc522 } from "../../../firmware/reader/mfrc522";

class RecordingBus implements SpiBus {
  windows: number[][] = [];
  answer: (tx: Uint8Array) => Uint8Array = (tx) => new Uint8Array(tx.length);
  transfer(tx: Uint8Array): Uint8Array {
    this.windows.push(Array.from(tx));
    return this.answer(tx);
  }
}

test("a write is one window: address byte (addr << 1), then the value", () => {
  const bus = new RecordingBus();
  const chip = new Mfrc522(bus);
  chip.write(0x2a, 0x80);
  expect(bus.windows).toEqual([[0x54, 0x80]]);
});

test("a FIFO write stream is one window with every byte", () => {
  const bus = new RecordingBus();
  new Mfrc522(bus).writeStream(0x09, Uint8Array.from([0x93, 0x70, 1, 2, 3]), 3);
  expect(bus.windows).toEqual([[0x12, 0x93, 0x70, 0x01]]);
});

test("a read stream of several registers is one window ending in 00h; answers come one byte later", () => {
  const bus = new RecordingBus();
  bus.answer = (tx) => Uint8Array.from([0, ...Array.from(tx.slice(0, -1), (a) => a ^ 0xff)]);
  const out = new Uint8Array(3);
  new Mfrc522(bus).readStream(Uint8Array.from([0x37, 0x04, 0x09]), 3, out);
  expect(bus.windows).toEqual([[0xee, 0x88, 0x92, 0x00]]);
  expect(Array.from(out)).toEqual([0xee ^ 0xff, 0x88 ^ 0xff, 0x92 ^ 0xff]);
});

test("writeIfChanged skips a register known to hold the value; forget() and assumeReset() set what is known", () => {
  const bus = new RecordingBus();
  const chip = new Mfrc522(bus);
  chip.writeIfChanged(0x2b, 0xa9);
  chip.writeIfChanged(0x2b, 0xa9);
  expect(bus.windows.length).toBe(1);
  chip.forget();
  chip.writeIfChanged(0x2b, 0xa9);
  expect(bus.windows.length).toBe(2);
  chip.assumeReset(); // TPrescalerReg resets to 00h, ModWidthReg to 26h
  chip.writeIfChanged(0x2b, 0x00);
  chip.writeIfChanged(0x24, 0x26);
  expect(bus.windows.length).toBe(2);
  chip.writeIfChanged(0x0e, 0x00); // CollReg: reset value not specified, always written
  expect(bus.windows.length).toBe(3);
});
