// Node only. SPI1 as Espruino has it: setup(options), send(data, cs) returning the same kind of
// value it was given (number -> number, string -> string, array -> array, anything else ->
// Uint8Array), write(data..., cs). A transfer reaches the board's reader bus only when SPI1 was set
// up on the unit's sck/miso/mosi and the chip select is the reader's (cs argument, or the cs pin
// driven low by hand); otherwise MISO floats and every byte reads 0xFF (and the use is recorded).
import { SimBoard } from "../../../hal/sim/board";
import { PinWiring, pinIndex, pinName } from "./pin-wiring";
import { ContextRealm } from "./realm";

export interface SpiSetupRecord {
  sck?: string;
  miso?: string;
  mosi?: string;
  baud?: number;
  mode?: number;
}

export class SpiModule {
  setupRecord: SpiSetupRecord | undefined;
  /** Transfers that reached the reader, and those that went nowhere. */
  transfers = 0;
  floatingTransfers = 0;

  constructor(
    private readonly realm: ContextRealm,
    private readonly wiring: PinWiring,
    private readonly board: SimBoard,
    private readonly pinOf: (v: unknown) => number,
  ) {}

  build(): any {
    const self = this;
    const realm = this.realm;
    return realm.object({
      setup: function (options: any): void {
        const o = options || {};
        const rec: SpiSetupRecord = {};
        if (o.sck !== undefined) rec.sck = pinName(self.pinOf(o.sck));
        if (o.miso !== undefined) rec.miso = pinName(self.pinOf(o.miso));
        if (o.mosi !== undefined) rec.mosi = pinName(self.pinOf(o.mosi));
        if (o.baud !== undefined) rec.baud = Number(o.baud);
        if (o.mode !== undefined) rec.mode = Number(o.mode);
        self.setupRecord = rec;
      },
      send: function (data: unknown, cs?: unknown): any {
        const rx = self.transfer(toBytes(data), cs === undefined ? undefined : self.pinOf(cs));
        if (typeof data === "number") return rx[0];
        if (typeof data === "string") return Buffer.from(rx).toString("latin1");
        if (Array.isArray(data)) return realm.array(Array.prototype.slice.call(rx));
        return realm.bytes(rx);
      },
      write: function (): void {
        const args = Array.prototype.slice.call(arguments);
        let cs: number | undefined;
        const last = args[args.length - 1];
        if (args.length > 1 && last !== null && typeof last === "object" && (last as any).__pin !== undefined) {
          cs = self.pinOf(args.pop());
        }
        const parts: number[] = [];
        for (const a of args) for (const b of toBytes(a)) parts.push(b);
        self.transfer(new Uint8Array(parts), cs);
      },
    });
  }

  private transfer(tx: Uint8Array, cs: number | undefined): Uint8Array {
    const map = this.wiring.map.spi;
    const rec = this.setupRecord;
    const onBus = !!rec && rec.sck === map.sck && rec.miso === map.miso && rec.mosi === map.mosi;
    const readerCs = pinIndex(map.cs);
    const selected = cs === undefined ? !this.wiring.csHigh : cs === readerCs;
    if (cs !== undefined) this.wiring.csHigh = true;
    if (onBus && selected) {
      this.transfers++;
      return this.board.board.readerSpi.transfer(tx);
    }
    this.floatingTransfers++;
    this.wiring.record(cs === undefined ? readerCs : cs, onBus ? "SPI1.send (no device on this chip select)" : "SPI1.send (SPI1 not set up on the reader's pins)");
    const rx = new Uint8Array(tx.length);
    rx.fill(0xff);
    return rx;
  }
}

/** The bytes Espruino clocks out for a number, string, array, typed array, ArrayBuffer or {data, count}. */
export function toBytes(data: unknown): Uint8Array {
  if (typeof data === "number") return new Uint8Array([data & 0xff]);
  if (typeof data === "string") return new Uint8Array(Buffer.from(data, "latin1"));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (Object.prototype.toString.call(data) === "[object ArrayBuffer]") return new Uint8Array(data as ArrayBuffer).slice();
  if (Array.isArray(data)) {
    const out: number[] = [];
    for (const v of data) for (const b of toBytes(v)) out.push(b);
    return new Uint8Array(out);
  }
  if (data !== null && typeof data === "object" && "data" in (data as object)) {
    const one = toBytes((data as any).data);
    const count = Number((data as any).count) > 0 ? Math.floor(Number((data as any).count)) : 1;
    const out = new Uint8Array(one.length * count);
    for (let i = 0; i < count; i++) out.set(one, i * one.length);
    return out;
  }
  return new Uint8Array(0);
}
