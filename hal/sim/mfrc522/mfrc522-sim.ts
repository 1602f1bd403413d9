// A register-level MFRC522 behind the SpiBus interface, on simulated time (reference §1-§4, §9.1).
// Every transfer costs simulated time (bytes at the SPI baud rate plus a per-call overhead); the
// RF side (frames, frame delay, card answers, the timer) runs on the same clock, so a driver that
// reads too early sees what it would see on the chip.

import { SpiBus } from "../../spi";
import { OutputPin } from "../../pins";
import { SimClock } from "../clock";
import { Reg, Cmd, Irq, Err, RESET_VALUES } from "./registers";
import { CRC_PRESETS, crc16Lsb, crc16Msb, crcA } from "./crc";
import { ETU_MS, FC_PER_MS, AirFrame, pcdFrameEtu, piccFrameEtu, frameDelayMs, lastAirBit } from "./air";
import { Field, Presence } from "./field";
import { Picc, PiccState } from "./picc";
import { Combined, RxResult, combine, decode, addNoise } from "./receiver";
import { XorShift32 } from "./random";

export interface Mfrc522SimOptions {
  /** VersionReg: 91h (v1.0), 92h (v2.0, default), or a clone value (88h, 89h, B2h, 12h...). */
  version?: number;
  /** SPI clock in bit/s (default 1 MHz). */
  baud?: number;
  /** Host time per SPI call besides the clocked bytes, in ms (default 0.1: an interpreter's call). */
  callOverheadMs?: number;
  /**
   * How CollPos counts (reference §4.7): "nxp" (default) = position in the received frame
   * including RxAlign, as the NXP reader library reads it; "absolute" = position in UID CLn.
   */
  collPos?: string;
  /** How long CommandReg.PowerDown reads 1 after SoftReset or a hard reset (default 0.5 ms). */
  resetMs?: number;
  /** Seed of the fault-injection generator. */
  seed?: number;
}

const PH_IDLE = 0;
const PH_WAIT_START = 1;
const PH_TX = 2;
const PH_RX_WAIT = 3;
const PH_RX = 4;

/** A card answer on its way to (or into) the receiver. */
interface Reply {
  startT: number;
  combined: Combined;
  result: RxResult;
  started: boolean;
  timerStopT: number;
  pushed: number;
}

export interface SimStats {
  /** SPI calls (chip-select windows). */
  transactions: number;
  /** Bytes clocked in all windows. */
  bytes: number;
  /** FIFO reads while the FIFO was empty (they return 00h). */
  emptyFifoReads: number;
  /** StartSend written while Transceive was not waiting for it. */
  ignoredStartSend: number;
  /** Frames sent to the cards. */
  rfFrames: number;
}

export class Mfrc522Sim implements SpiBus {
  readonly field: Field;
  readonly stats: SimStats;
  /** NRSTPD: low = hard power-down, rising edge = reset. */
  readonly resetPin: OutputPin;
  /** Seconds-free knobs, read at each use (tests may change them at any time). */
  baud: number;
  callOverheadMs: number;
  collPosAbsolute: boolean;
  resetMs: number;
  version: number;

  private clock: SimClock;
  private rng: XorShift32;
  private t: number;
  private regs: Uint8Array;
  private fifo: Uint8Array;
  private fifoStart: number;
  private fifoLen: number;
  private mem: Uint8Array;
  private command: number;
  private rcvOff: boolean;
  private powerDown: boolean;
  private phase: number;
  private comIrq: number;
  private divIrq: number;
  private errorReg: number;
  private collDyn: number;
  private rxLastBits: number;
  private crypto1: boolean;
  private crc: number;
  private crcReady: boolean;
  private crcMsbFirst: boolean;
  private loAlert: boolean;
  private hiAlert: boolean;
  private resetUntil: number;
  private hardDown: boolean;
  private fieldOnSince: number;
  private txEndT: number;
  private txStuck: boolean;
  private txFrame: Uint8Array;
  private txBits: number;
  private reply: Reply | null;
  private timerRunning: boolean;
  private timerStartT: number;
  private timerReload: number;
  private timerTickMs: number;
  private timerExpiryT: number;
  private timerStopped: number;
  // Faults.
  private misoStuck: number;
  private hangClearedByReset: boolean;
  private noiseRate: number;
  private garbageRate: number;
  private commandLossRate: number;

  constructor(clock: SimClock, options?: Mfrc522SimOptions) {
    const o = options || {};
    this.clock = clock;
    this.field = new Field();
    this.stats = { transactions: 0, bytes: 0, emptyFifoReads: 0, ignoredStartSend: 0, rfFrames: 0 };
    this.version = o.version === undefined ? 0x92 : o.version;
    this.baud = o.baud || 1000000;
    this.callOverheadMs = o.callOverheadMs === undefined ? 0.1 : o.callOverheadMs;
    this.collPosAbsolute = o.collPos === "absolute";
    this.resetMs = o.resetMs === undefined ? 0.5 : o.resetMs;
    this.rng = new XorShift32(o.seed === undefined ? 12345 : o.seed);
    this.t = clock.now();
    this.regs = new Uint8Array(64);
    this.fifo = new Uint8Array(64);
    this.mem = new Uint8Array(25);
    this.txFrame = new Uint8Array(70);
    this.misoStuck = -1;
    this.hangClearedByReset = false;
    this.noiseRate = 0;
    this.garbageRate = 0;
    this.commandLossRate = 0;
    this.hardDown = false;
    this.fifoStart = 0;
    this.fifoLen = 0;
    this.command = 0;
    this.rcvOff = true;
    this.powerDown = false;
    this.phase = PH_IDLE;
    this.comIrq = 0;
    this.divIrq = 0;
    this.errorReg = 0;
    this.collDyn = 0;
    this.rxLastBits = 0;
    this.crypto1 = false;
    this.crc = 0xffff;
    this.crcReady = true;
    this.crcMsbFirst = false;
    this.loAlert = true;
    this.hiAlert = false;
    this.resetUntil = -1;
    this.fieldOnSince = -1;
    this.txEndT = -1;
    this.txStuck = false;
    this.txBits = 0;
    this.reply = null;
    this.timerRunning = false;
    this.timerStartT = 0;
    this.timerReload = 0;
    this.timerTickMs = 1;
    this.timerExpiryT = -1;
    this.timerStopped = 0;
    this.resetRegisters();
    const self = this;
    let level = true;
    this.resetPin = {
      write: function (high: boolean) {
        self.catchUp(self.clock.now());
        if (!high && level) self.enterHardPowerDown();
        else if (high && !level) self.leaveHardPowerDown();
        level = high;
      },
    };
  }

  /** Chip time (ms): the clock's time at the last event the chip saw. */
  now(): number {
    return this.t;
  }

  // ---- SpiBus -------------------------------------------------------------------------------

  transfer(tx: Uint8Array): Uint8Array {
    const n = tx.length;
    const rx = new Uint8Array(n);
    this.stats.transactions++;
    this.stats.bytes += n;
    this.clock.spend(this.callOverheadMs + (n * 8 * 1000) / this.baud);
    this.catchUp(this.clock.now());
    if (this.misoStuck >= 0 || this.hardDown) {
      const v = this.hardDown ? 0 : this.misoStuck;
      for (let i = 0; i < n; i++) rx[i] = v;
      return rx;
    }
    if (n === 0) return rx;
    const first = tx[0] as number;
    if (first & 0x80) {
      // Read stream: each byte after the first is the next address; the chip answers each
      // address in the following byte, so the last byte sent (normally 00h) is never read.
      for (let k = 0; k + 1 < n; k++) rx[k + 1] = this.readRegister(((tx[k] as number) >> 1) & 0x3f);
    } else {
      const addr = (first >> 1) & 0x3f;
      for (let k = 1; k < n; k++) this.writeRegister(addr, tx[k] as number);
    }
    if (this.garbageRate > 0) {
      for (let i = 0; i < n; i++) if (this.rng.chance(this.garbageRate)) rx[i] = this.rng.below(256);
    }
    return rx;
  }

  // ---- Fault injection ------------------------------------------------------------------------

  /** The chip stops answering: MISO reads `misoByte` (00h or FFh) and MOSI is ignored. */
  hang(misoByte: number, clearedByHardReset?: boolean): void {
    this.catchUp(this.clock.now());
    this.misoStuck = misoByte & 0xff;
    this.hangClearedByReset = !!clearedByHardReset;
  }

  /** The chip answers again, with the state it had. */
  unhang(): void {
    this.misoStuck = -1;
  }

  /** A brown-out: registers back to reset values, antenna off, SPI keeps working. */
  silentReset(): void {
    this.catchUp(this.clock.now());
    this.resetRegisters();
  }

  /** Each card answer is corrupted with probability `rate` (parity, silent, bad start, cut). */
  setNoise(rate: number): void {
    this.noiseRate = rate;
  }

  /** Each MISO byte is replaced by a random one with probability `rate`. */
  setGarbage(rate: number): void {
    this.garbageRate = rate;
  }

  /** Each PCD frame reaches each card garbled with probability `rate`. */
  setCommandLoss(rate: number): void {
    this.commandLossRate = rate;
  }

  // ---- Inspection (tests) ---------------------------------------------------------------------

  /** A register as the host would read it, without side effects (the FIFO is not popped). */
  peek(addr: number): number {
    this.catchUp(this.clock.now());
    if (addr === Reg.FIFOData) return this.fifoLen > 0 ? (this.fifo[this.fifoStart] as number) : 0;
    return this.readRegister(addr);
  }

  /** Whether the RF field is on. */
  antennaOn(): boolean {
    return this.fieldOn();
  }

  // ---- Registers ------------------------------------------------------------------------------

  private readRegister(a: number): number {
    switch (a) {
      case Reg.Command:
        return (this.rcvOff ? 0x20 : 0) | (this.powerDown || this.resetUntil >= 0 ? 0x10 : 0) | this.command;
      case Reg.ComIrq:
        return this.comIrq & 0x7f;
      case Reg.DivIrq:
        return this.divIrq & 0x14;
      case Reg.Error:
        return this.errorReg;
      case Reg.Status1:
        return this.status1();
      case Reg.Status2:
        return ((this.regs[Reg.Status2] as number) & 0xc0) | (this.crypto1 ? 0x08 : 0) | this.modemState();
      case Reg.FIFOData:
        return this.popFifo();
      case Reg.FIFOLevel:
        return this.fifoLen;
      case Reg.Control:
        return 0x10 | this.rxLastBits;
      case Reg.BitFraming:
        return (this.regs[Reg.BitFraming] as number) & 0x77;
      case Reg.Coll:
        return ((this.regs[Reg.Coll] as number) & 0x80) | this.collDyn;
      case Reg.CRCResultH:
        return this.crc >> 8;
      case Reg.CRCResultL:
        return this.crc & 0xff;
      case Reg.TCounterValH:
        return this.timerValue() >> 8;
      case Reg.TCounterValL:
        return this.timerValue() & 0xff;
      case Reg.Version:
        return this.version;
      default:
        return this.regs[a] as number;
    }
  }

  private writeRegister(a: number, v: number): void {
    if (this.resetUntil >= 0) return;
    switch (a) {
      case Reg.Command:
        this.writeCommand(v);
        return;
      case Reg.ComIrq:
        if (v & 0x80) this.comIrq |= v & 0x7f;
        else this.comIrq &= ~v & 0x7f;
        return;
      case Reg.DivIrq:
        if (v & 0x80) this.divIrq |= v & 0x14;
        else this.divIrq &= ~v & 0x14;
        return;
      case Reg.Error:
      case Reg.Status1:
      case Reg.CRCResultH:
      case Reg.CRCResultL:
      case Reg.TCounterValH:
      case Reg.TCounterValL:
      case Reg.Version:
        return;
      case Reg.Status2:
        this.regs[Reg.Status2] = v & 0xc0;
        if (!(v & 0x08)) this.crypto1 = false;
        return;
      case Reg.FIFOData:
        this.hostWritesFifo(v);
        return;
      case Reg.FIFOLevel:
        if (v & 0x80) {
          this.fifoStart = 0;
          this.fifoLen = 0;
          this.errorReg &= ~Err.BufferOvfl;
          this.fifoLevelChanged();
        }
        return;
      case Reg.WaterLevel:
        this.regs[a] = v & 0x3f;
        this.fifoLevelChanged();
        return;
      case Reg.Control:
        if (v & 0x80) this.stopTimer();
        if (v & 0x40) this.startTimer(this.t);
        return;
      case Reg.BitFraming:
        this.regs[a] = v & 0x77;
        if (v & 0x80) {
          if (this.command === Cmd.Transceive && this.phase === PH_WAIT_START) this.startTransmit();
          else this.stats.ignoredStartSend++;
        }
        return;
      case Reg.Coll:
        this.regs[a] = v & 0x80;
        return;
      case Reg.TxControl: {
        const wasOn = this.fieldOn();
        this.regs[a] = v;
        this.fieldChanged(wasOn);
        return;
      }
      default:
        this.regs[a] = v;
    }
  }

  private status1(): number {
    const irq = (this.comIrq & (this.regs[Reg.ComIEn] as number) & 0x7f) !== 0 || (this.divIrq & (this.regs[Reg.DivIEn] as number) & 0x14) !== 0;
    return (this.crc === 0 ? 0x40 : 0) | (this.crcReady ? 0x20 : 0) | (irq ? 0x10 : 0) | (this.timerRunning ? 0x08 : 0) | (this.hiAlert ? 0x02 : 0) | (this.loAlert ? 0x01 : 0);
  }

  private modemState(): number {
    if (this.command === Cmd.Transceive) {
      if (this.phase === PH_WAIT_START) return 1;
      if (this.phase === PH_TX) return this.txStuck ? 2 : 3;
      if (this.phase === PH_RX_WAIT) return this.reply && !this.reply.started ? 4 : 5;
      if (this.phase === PH_RX) return 6;
    }
    if (this.command === Cmd.Transmit) return this.txStuck ? 2 : 3;
    if (this.command === Cmd.Receive) return this.phase === PH_RX ? 6 : 5;
    return 0;
  }

  private resetRegisters(): void {
    this.regs.set(RESET_VALUES);
    this.fifoStart = 0;
    this.fifoLen = 0;
    this.command = Cmd.Idle;
    this.rcvOff = true;
    this.powerDown = false;
    this.phase = PH_IDLE;
    this.comIrq = RESET_VALUES[Reg.ComIrq] as number;
    this.divIrq = 0;
    this.errorReg = 0;
    this.collDyn = 0x20;
    this.rxLastBits = 0;
    this.crypto1 = false;
    this.crc = 0xffff;
    this.crcReady = true;
    this.loAlert = true;
    this.hiAlert = false;
    this.fieldOnSince = -1;
    this.txEndT = -1;
    this.txStuck = false;
    this.reply = null;
    this.timerRunning = false;
    this.timerExpiryT = -1;
    this.timerStopped = 0;
  }

  // ---- FIFO -----------------------------------------------------------------------------------

  private pushFifo(v: number): void {
    if (this.fifoLen >= 64) {
      this.setError(Err.BufferOvfl);
      return;
    }
    this.fifo[(this.fifoStart + this.fifoLen) & 63] = v;
    this.fifoLen++;
    this.fifoLevelChanged();
  }

  private popFifo(): number {
    if (this.fifoLen === 0) {
      this.stats.emptyFifoReads++;
      return 0;
    }
    const v = this.fifo[this.fifoStart] as number;
    this.fifoStart = (this.fifoStart + 1) & 63;
    this.fifoLen--;
    this.fifoLevelChanged();
    return v;
  }

  private hostWritesFifo(v: number): void {
    if (this.command === Cmd.MFAuthent || (this.command === Cmd.Transceive && (this.phase === PH_RX_WAIT || this.phase === PH_RX))) {
      this.setError(Err.WrErr);
    }
    this.pushFifo(v);
    if (this.command === Cmd.CalcCRC) this.runCrc();
  }

  private fifoLevelChanged(): void {
    const water = (this.regs[Reg.WaterLevel] as number) & 0x3f;
    const lo = this.fifoLen <= water;
    const hi = 64 - this.fifoLen <= water;
    if (lo && !this.loAlert) this.comIrq |= Irq.LoAlert;
    if (hi && !this.hiAlert) this.comIrq |= Irq.HiAlert;
    this.loAlert = lo;
    this.hiAlert = hi;
  }

  private setError(bits: number): void {
    this.errorReg |= bits;
    this.comIrq |= Irq.Err;
  }

  // ---- Commands -------------------------------------------------------------------------------

  private writeCommand(v: number): void {
    this.rcvOff = (v & 0x20) !== 0;
    const cmd = v & 0x0f;
    const wasOn = this.fieldOn();
    this.powerDown = (v & 0x10) !== 0;
    this.fieldChanged(wasOn);
    if (cmd === Cmd.NoCmdChange) return;
    this.cancelCommand();
    this.errorReg &= Err.TempErr | Err.BufferOvfl;
    switch (cmd) {
      case Cmd.Idle:
        this.command = Cmd.Idle;
        return;
      case Cmd.Mem:
        if (this.fifoLen === 0) {
          for (let i = 0; i < 25; i++) this.pushFifo(this.mem[i] as number);
        } else {
          for (let i = 0; i < 25 && this.fifoLen > 0; i++) this.mem[i] = this.popFifo();
        }
        this.finishCommand();
        return;
      case Cmd.GenerateRandomId:
        for (let i = 0; i < 10; i++) this.mem[i] = this.rng.below(256);
        this.finishCommand();
        return;
      case Cmd.CalcCRC: {
        const mode = this.regs[Reg.Mode] as number;
        this.command = Cmd.CalcCRC;
        this.crc = CRC_PRESETS[mode & 3] as number;
        this.crcMsbFirst = (mode & 0x80) !== 0;
        this.crcReady = false;
        this.runCrc();
        return;
      }
      case Cmd.Transmit:
        this.command = Cmd.Transmit;
        this.startTransmit();
        return;
      case Cmd.Receive:
        this.command = Cmd.Receive;
        this.phase = PH_RX_WAIT;
        return;
      case Cmd.Transceive:
        this.command = Cmd.Transceive;
        this.phase = PH_WAIT_START;
        return;
      case Cmd.MFAuthent:
        // Crypto1 is not simulated: the card never answers; the command runs until stopped.
        this.command = Cmd.MFAuthent;
        this.startTransmit();
        return;
      case Cmd.SoftReset:
        this.resetRegisters();
        this.command = Cmd.SoftReset;
        this.resetUntil = this.t + this.resetMs;
        return;
      default:
        // Unknown command: back to Idle with IdleIRq.
        this.finishCommand();
    }
  }

  private finishCommand(): void {
    this.command = Cmd.Idle;
    this.phase = PH_IDLE;
    this.comIrq |= Irq.Idle;
  }

  /**
   * Writing a command stops the running one: transmission, reception and CRC stop. An answer
   * already on its way from the cards stays on the air for a receiver started in time.
   */
  private cancelCommand(): void {
    this.txEndT = -1;
    this.txStuck = false;
    if (this.reply && this.reply.started) this.reply = null;
    this.phase = PH_IDLE;
    this.command = Cmd.Idle;
  }

  private runCrc(): void {
    while (this.fifoLen > 0) {
      const b = new Uint8Array(1);
      b[0] = this.popFifo();
      this.crc = this.crcMsbFirst ? crc16Msb(b, 0, 1, this.crc) : crc16Lsb(b, 0, 1, this.crc);
    }
    this.crcReady = true;
    this.divIrq |= 0x04;
  }

  // ---- RF: transmit ---------------------------------------------------------------------------

  private fieldOn(): boolean {
    return ((this.regs[Reg.TxControl] as number) & 0x03) !== 0 && !this.powerDown && !this.hardDown && this.resetUntil < 0;
  }

  private fieldChanged(wasOn: boolean): void {
    const on = this.fieldOn();
    if (on === wasOn) return;
    if (on) {
      this.fieldOnSince = this.t;
      if (this.txStuck) this.startTransmit();
    } else {
      this.fieldOnSince = -1;
      this.cutReplyAt(this.t);
    }
  }

  private startTransmit(): void {
    const txWaitRf = ((this.regs[Reg.Mode] as number) & 0x20) !== 0;
    if (!this.fieldOn() && txWaitRf) {
      this.txStuck = true;
      this.phase = PH_TX;
      return;
    }
    this.txStuck = false;
    let n = 0;
    while (this.fifoLen > 0 && n < 64) this.txFrame[n++] = this.popFifo();
    const lastBits = (this.regs[Reg.BitFraming] as number) & 7;
    let bits = n === 0 ? 0 : lastBits ? (n - 1) * 8 + lastBits : n * 8;
    if ((this.regs[Reg.TxMode] as number) & 0x80 && lastBits === 0 && n > 0) {
      const c = crcA(this.txFrame, 0, n);
      this.txFrame[n] = c & 0xff;
      this.txFrame[n + 1] = c >> 8;
      n += 2;
      bits += 16;
    }
    this.txBits = bits;
    this.phase = PH_TX;
    this.txEndT = this.t + pcdFrameEtu(bits) * ETU_MS;
    this.stats.rfFrames++;
  }

  private onTxEnd(t: number): void {
    this.txEndT = -1;
    this.comIrq |= Irq.Tx;
    if ((this.regs[Reg.TMode] as number) & 0x80) this.startTimer(t);
    if (this.command === Cmd.Transmit) this.finishCommand();
    else if (this.command === Cmd.Transceive) {
      this.phase = PH_RX_WAIT;
      // Receiver start-up clears the reception errors and the collision position.
      this.errorReg &= ~(Err.CollErr | Err.ParityErr | Err.CRCErr | Err.ProtocolErr);
      this.collDyn = 0x20;
    }
    this.deliverToCards(t);
  }

  /** The cards in the field hear the frame; their answers are combined into one reply. */
  private deliverToCards(t: number): void {
    const answers: AirFrame[] = [];
    const lengths: number[] = [];
    const fdt = frameDelayMs(lastAirBit(this.txFrame, this.txBits) === 1);
    const startT = t + fdt;
    const garbled = this.crypto1 || ((this.regs[Reg.TxMode] as number) & 0x70) !== 0 || ((this.regs[Reg.RxMode] as number) & 0x70) !== 0;
    const present = this.field.at(t);
    for (let i = 0; i < present.length; i++) {
      const p = present[i] as Presence;
      const card = p.card;
      if (!this.fieldOn()) continue;
      const poweredSince = p.enter > this.fieldOnSince ? p.enter : this.fieldOnSince;
      if (card.powerEpoch !== poweredSince) card.powerUp(poweredSince);
      if (t - poweredSince < card.powerUpMs) continue;
      if (garbled || this.rng.chance(this.commandLossRate)) {
        card.receiveGarbage();
        continue;
      }
      const a = card.receive(this.txFrame, this.txBits);
      if (!a) continue;
      // The card leaving cuts its answer after the last whole bit it sent.
      let len = a.length;
      if (p.leave !== Infinity) {
        const sent = Math.floor((p.leave - startT) / ETU_MS) - 1;
        if (sent < len) len = sent > 0 ? sent : 0;
      }
      if (len <= 0) continue;
      answers.push(a);
      lengths.push(len);
    }
    this.powerOffAbsentCards(t);
    if (answers.length === 0) return;
    const c = combine(answers, lengths);
    if (this.rng.chance(this.noiseRate)) addNoise(c, this.rng.below(4), this.rng);
    this.reply = this.makeReply(c, c.frame.length, startT);
  }

  private makeReply(c: Combined, length: number, startT: number): Reply {
    const rxAlign = ((this.regs[Reg.BitFraming] as number) >> 4) & 7;
    const clear = ((this.regs[Reg.Coll] as number) & 0x80) === 0;
    const r = decode(c, length, rxAlign, clear);
    return { startT: startT, combined: c, result: r, started: false, timerStopT: startT + 5 * ETU_MS, pushed: 0 };
  }

  private powerOffAbsentCards(t: number): void {
    const cards = this.field.cards();
    for (let i = 0; i < cards.length; i++) {
      const c = cards[i] as Picc;
      if (c.state !== PiccState.Off && (!this.fieldOn() || !this.field.presenceAt(c, t))) c.powerOff();
    }
  }

  /** The field went off (or the chip reset) during an answer: the answer stops there. */
  private cutReplyAt(t: number): void {
    const r = this.reply;
    if (!r) return;
    const sent = Math.floor((t - r.startT) / ETU_MS) - 1;
    if (sent <= 0 && !r.started) {
      this.reply = null;
      return;
    }
    const len = sent < r.combined.frame.length ? (sent > 0 ? sent : 0) : r.combined.frame.length;
    const pushed = r.pushed;
    const started = r.started;
    this.reply = this.makeReply(r.combined, len, r.startT);
    this.reply.pushed = pushed;
    this.reply.started = started;
  }

  // ---- RF: receive ----------------------------------------------------------------------------

  private receiverListening(): boolean {
    return !this.rcvOff && this.phase === PH_RX_WAIT && (this.command === Cmd.Transceive || this.command === Cmd.Receive);
  }

  private onReplyStart(r: Reply): void {
    if (!this.receiverListening()) {
      this.reply = null;
      return;
    }
    r.started = true;
    this.phase = PH_RX;
  }

  private replyEndT(r: Reply): number {
    return r.startT + piccFrameEtu(r.result.airLength) * ETU_MS;
  }

  private crcHeldBack(): number {
    return (this.regs[Reg.RxMode] as number) & 0x80 ? 2 : 0;
  }

  /** Moves the bytes that are complete by time `t` into the FIFO. */
  private pushReceived(r: Reply, t: number, all: boolean): void {
    const res = r.result;
    const limit = res.byteCount - this.crcHeldBack();
    while (r.pushed < limit) {
      const done = r.startT + (1 + (res.byteDoneBit[r.pushed] as number)) * ETU_MS;
      if (!all && done > t) break;
      this.pushFifo(res.bytes[r.pushed] as number);
      r.pushed++;
    }
  }

  private onReplyEnd(r: Reply): void {
    const res = r.result;
    const rxNoErr = ((this.regs[Reg.RxMode] as number) & 0x08) !== 0;
    this.reply = null;
    if (rxNoErr && res.dataBits < 4 && r.pushed === 0) {
      // An invalid stream is ignored; the receiver stays on.
      this.phase = PH_RX_WAIT;
      return;
    }
    this.pushReceived(r, 0, true);
    const rxAlign = ((this.regs[Reg.BitFraming] as number) >> 4) & 7;
    this.rxLastBits = res.dataBits === 0 ? 0 : (rxAlign + res.dataBits) & 7;
    let errors = res.errors;
    if (this.crcHeldBack() && res.byteCount >= 2) {
      const n = res.byteCount;
      const got = (res.bytes[n - 2] as number) | ((res.bytes[n - 1] as number) << 8);
      if (this.rxLastBits !== 0 || crcA(res.bytes, 0, n - 2) !== got) errors |= Err.CRCErr;
    } else if (this.crcHeldBack()) {
      errors |= Err.CRCErr;
    }
    if (res.collIndex >= 0) {
      let pos = res.collIndex + 1 + rxAlign;
      if (this.collPosAbsolute) pos = res.collIndex + 1 + (this.txBits > 16 ? this.txBits - 16 : 0);
      this.collDyn = pos > 32 ? 0x20 : pos & 0x1f;
    }
    if (errors) this.setError(errors);
    this.comIrq |= Irq.Rx;
    if (this.command === Cmd.Receive) this.finishCommand();
    else this.phase = PH_WAIT_START;
  }

  // ---- Timer ----------------------------------------------------------------------------------

  private startTimer(t: number): void {
    const tmode = this.regs[Reg.TMode] as number;
    const prescaler = ((tmode & 0x0f) << 8) | (this.regs[Reg.TPrescaler] as number);
    const even = this.version === 0x92 && ((this.regs[Reg.Demod] as number) & 0x10) !== 0;
    this.timerTickMs = (2 * prescaler + (even ? 2 : 1)) / FC_PER_MS;
    this.timerReload = ((this.regs[Reg.TReloadH] as number) << 8) | (this.regs[Reg.TReloadL] as number);
    this.timerStartT = t;
    this.timerRunning = true;
    this.timerExpiryT = t + (this.timerReload + 1) * this.timerTickMs;
  }

  private stopTimer(): void {
    if (!this.timerRunning) return;
    this.timerStopped = this.timerValue();
    this.timerRunning = false;
    this.timerExpiryT = -1;
  }

  private timerValue(): number {
    if (!this.timerRunning) return this.timerStopped;
    const v = this.timerReload - Math.floor((this.t - this.timerStartT) / this.timerTickMs);
    return v > 0 ? v : 0;
  }

  private onTimerExpiry(t: number): void {
    this.comIrq |= Irq.Timer;
    if ((this.regs[Reg.TMode] as number) & 0x10) {
      this.timerStartT = this.timerExpiryT;
      this.timerExpiryT += (this.timerReload + 1) * this.timerTickMs;
      if (this.timerExpiryT <= t) {
        const period = (this.timerReload + 1) * this.timerTickMs;
        const skip = Math.floor((t - this.timerExpiryT) / period) + 1;
        this.timerStartT += skip * period;
        this.timerExpiryT += skip * period;
      }
    } else {
      this.timerRunning = false;
      this.timerStopped = 0;
      this.timerExpiryT = -1;
    }
  }

  // ---- Reset and power --------------------------------------------------------------------------

  private enterHardPowerDown(): void {
    this.resetRegisters();
    this.hardDown = true;
  }

  private leaveHardPowerDown(): void {
    this.hardDown = false;
    this.resetRegisters();
    this.resetUntil = this.t + this.resetMs;
    if (this.hangClearedByReset) this.misoStuck = -1;
  }

  // ---- Time -----------------------------------------------------------------------------------

  /** Runs the chip's events (end of frames, answers, timer) up to time `t`. */
  private catchUp(t: number): void {
    for (let guard = 0; guard < 100000; guard++) {
      let next = Infinity;
      let which = 0;
      if (this.resetUntil >= 0 && this.resetUntil < next) {
        next = this.resetUntil;
        which = 1;
      }
      if (this.txEndT >= 0 && this.txEndT < next) {
        next = this.txEndT;
        which = 2;
      }
      const r = this.reply;
      if (r) {
        if (!r.started && r.startT < next) {
          next = r.startT;
          which = 3;
        } else if (r.started) {
          if (this.timerRunning && r.result.airLength >= 5 && (this.regs[Reg.TMode] as number) & 0x80 && r.timerStopT < next && r.timerStopT >= this.timerStartT) {
            next = r.timerStopT;
            which = 4;
          }
          const end = this.replyEndT(r);
          if (end < next) {
            next = end;
            which = 5;
          }
        }
      }
      if (this.timerRunning && this.timerExpiryT >= 0 && this.timerExpiryT < next) {
        next = this.timerExpiryT;
        which = 6;
      }
      if (next > t) break;
      if (next > this.t) this.t = next;
      if (which === 1) {
        this.resetUntil = -1;
        this.command = Cmd.Idle;
      } else if (which === 2) this.onTxEnd(next);
      else if (which === 3) this.onReplyStart(r as Reply);
      else if (which === 4) {
        this.stopTimer();
        (r as Reply).timerStopT = Infinity;
      } else if (which === 5) this.onReplyEnd(r as Reply);
      else if (which === 6) this.onTimerExpiry(next);
    }
    if (t > this.t) this.t = t;
    const r = this.reply;
    if (r && r.started) this.pushReceived(r, t, false);
  }
}
