/**
 * One device on an SPI bus, behind its own chip select.
 * A call is one chip-select window: CS goes low, `tx` is clocked out MSB first in mode 0,
 * CS goes high. The bytes clocked in during the window are returned, one per byte sent.
 */
export interface SpiBus {
  transfer(tx: Uint8Array): Uint8Array;
}
