import { SpiBus } from "../spi";

export interface EspruinoSpiSetup {
  sck: Pin;
  miso: Pin;
  mosi: Pin;
  baud: number;
}

/** One device on a hardware SPI port: each transfer is one `send` with the device's chip select. */
export class EspruinoSpiBus implements SpiBus {
  constructor(private readonly spi: SPI, private readonly cs: Pin, setup: EspruinoSpiSetup) {
    digitalWrite(cs, 1);
    spi.setup({ sck: setup.sck, miso: setup.miso, mosi: setup.mosi, baud: setup.baud, mode: 0 });
  }

  transfer(tx: Uint8Array): Uint8Array {
    return this.spi.send(tx, this.cs) as Uint8Array;
  }
}
