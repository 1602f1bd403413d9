import { harness } from "../support/shim-harness";

/** A device on the reader bus that records each chip-select window and answers tx + 1. */
function fakeBus() {
  const windows: number[][] = [];
  return {
    windows,
    transfer(tx: Uint8Array): Uint8Array {
      windows.push(Array.from(tx));
      return tx.map((b) => (b + 1) & 0xff);
    },
  };
}

const SETUP = "SPI1.setup({ sck: D18, miso: D19, mosi: D23, baud: 4000000, mode: 0 });";

describe("SPI1 routed to the board's reader bus", () => {
  it("sends one chip-select window per send to the reader's cs, returning the kind of value it was given", () => {
    const h = harness();
    const bus = fakeBus();
    h.board.setReaderSpi(bus);
    h.run(SETUP);
    expect(h.shim.spiSetup).toEqual({ sck: "D18", miso: "D19", mosi: "D23", baud: 4000000, mode: 0 });
    expect(h.json("(function () { var r = SPI1.send(new Uint8Array([1, 2, 255]), D5); return [r instanceof Uint8Array, Array.prototype.slice.call(r)]; })()"))
      .toEqual([true, [2, 3, 0]]);
    expect(h.json("(function () { var r = SPI1.send([7, 8], D5); return [Array.isArray(r), r]; })()")).toEqual([true, [8, 9]]);
    expect(h.json("SPI1.send(0x41, D5)")).toBe(0x42);
    expect(h.json('SPI1.send("AB", D5)')).toBe("BC");
    h.run("SPI1.write([1, 2], 3, D5);");
    expect(bus.windows).toEqual([[1, 2, 255], [7, 8], [0x41], [65, 66], [1, 2, 3]]);
    expect(h.board.spiTransfers).toBe(5);
    expect(h.shim.pinAccesses).toEqual([]);
  });

  it("reaches the reader when the firmware drives the chip select low by hand", () => {
    const h = harness();
    const bus = fakeBus();
    h.board.setReaderSpi(bus);
    h.run(SETUP + "digitalWrite(D5, 0); var r = SPI1.send([5]); digitalWrite(D5, 1); var idle = SPI1.send([6]);");
    expect(h.json("[r, idle]")).toEqual([[6], [255]]);
    expect(bus.windows).toEqual([[5]]);
  });

  it("reads 0xFF from a chip select with no device, or when SPI1 is not set up on the reader's pins", () => {
    const h = harness();
    const bus = fakeBus();
    h.board.setReaderSpi(bus);
    expect(h.json("SPI1.send([1, 2], D5)")).toEqual([255, 255]);
    h.run("SPI1.setup({ sck: D14, miso: D12, mosi: D13 });");
    expect(h.json("SPI1.send([1], D5)")).toEqual([255]);
    h.run(SETUP);
    expect(h.json("SPI1.send([1], D4)")).toEqual([255]);
    expect(bus.windows).toEqual([]);
    expect(h.shim.pinAccesses.map((a) => [a.pin, a.op, a.count])).toEqual([
      ["D5", "SPI1.send (SPI1 not set up on the reader's pins)", 2],
      ["D4", "SPI1.send (no device on this chip select)", 1],
    ]);
  });

  it("reads zeros from the reader bus while no chip model is plugged in", () => {
    const h = harness();
    h.run(SETUP);
    expect(h.json("SPI1.send([1, 2, 3], D5)")).toEqual([0, 0, 0]);
  });
});
