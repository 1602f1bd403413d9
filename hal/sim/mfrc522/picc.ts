// A simulated ISO/IEC 14443-A card (PICC): UID, ATQA/SAK and the state machine of the NXP card
// data sheets (reference §4.6): IDLE, READY (per cascade level), ACTIVE, HALT, and the starred
// READY*/ACTIVE* states of a card woken from HALT, which fall back to HALT on an error.

import { AirFrame, standardFrame, tailFrame } from "./air";
import { crcA } from "./crc";
import { codedError } from "../../coded-error";

export const PiccState = {
  Off: 0,
  Idle: 1,
  Ready: 2,
  Active: 3,
  Halt: 4,
};

export const PICC_REQA = 0x26;
export const PICC_WUPA = 0x52;
export const PICC_HLTA = 0x50;
export const PICC_CT = 0x88;

function selCode(level: number): number {
  return level === 1 ? 0x93 : level === 2 ? 0x95 : 0x97;
}

export class Picc {
  /** The UID, byte 0 first (4, 7 or 10 bytes). */
  readonly uid: Uint8Array;
  /** ATQA as a 16-bit value (sent low byte first). */
  readonly atqa: number;
  /** SAK of the completed UID (intermediate levels answer 04h). */
  readonly sak: number;
  readonly levels: number;
  /** Time after power-up before the card answers a request (ISO: within 5 ms). */
  powerUpMs: number;
  /** Whether a card whose UID does not match an ANTICOLLISION prefix drops to IDLE (else it stays READY). */
  idleOnAnticollisionMismatch: boolean;

  state: number;
  level: number;
  /** Woken from HALT: errors return the card to HALT instead of IDLE. */
  halted: boolean;
  /** Power-up time this state belongs to; a different one means the card was powered off meanwhile. */
  powerEpoch: number;
  /** Frames answered, for tests. */
  answers: number;

  /** UID CLn + BCC per cascade level, 5 bytes each. */
  private cln: Uint8Array;

  constructor(uid: ArrayLike<number>, atqa: number, sak: number) {
    const n = uid.length;
    if (n !== 4 && n !== 7 && n !== 10) {
      throw codedError("EINVAL", "a UID has 4, 7 or 10 bytes, not " + n);
    }
    this.uid = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.uid[i] = uid[i] as number;
    this.atqa = atqa & 0xffff;
    this.sak = sak & 0xff;
    this.levels = n === 4 ? 1 : n === 7 ? 2 : 3;
    this.powerUpMs = 2;
    this.idleOnAnticollisionMismatch = false;
    this.state = PiccState.Off;
    this.level = 1;
    this.halted = false;
    this.powerEpoch = -1;
    this.answers = 0;
    this.cln = new Uint8Array(15);
    const u = this.uid;
    for (let level = 1; level <= this.levels; level++) {
      const o = (level - 1) * 5;
      const last = level === this.levels;
      const from = (level - 1) * 3;
      if (last) {
        for (let i = 0; i < 4; i++) this.cln[o + i] = u[from + i] as number;
      } else {
        this.cln[o] = PICC_CT;
        for (let i = 0; i < 3; i++) this.cln[o + 1 + i] = u[from + i] as number;
      }
      this.cln[o + 4] = (this.cln[o] as number) ^ (this.cln[o + 1] as number) ^ (this.cln[o + 2] as number) ^ (this.cln[o + 3] as number);
    }
  }

  /** UID CLn and BCC of cascade level `level` (1..3), for tests and traces. */
  clnBytes(level: number): Uint8Array {
    return this.cln.subarray((level - 1) * 5, level * 5);
  }

  /** Fresh power-up (the field came on, or the card entered it). */
  powerUp(epoch: number): void {
    this.powerEpoch = epoch;
    this.state = PiccState.Idle;
    this.level = 1;
    this.halted = false;
  }

  powerOff(): void {
    this.state = PiccState.Off;
    this.powerEpoch = -1;
  }

  /** A frame the card could not decode (noise, another bit rate, encrypted traffic). */
  receiveGarbage(): void {
    this.error();
  }

  /**
   * A PCD frame of `bits` data bits (bytes LSB first, CRC included where sent).
   * Returns the answer, or null when the card stays silent.
   */
  receive(frame: Uint8Array, bits: number): AirFrame | null {
    const s = this.state;
    if (s === PiccState.Off) return null;
    if (bits === 7) return this.request((frame[0] as number) & 0x7f);
    if (s === PiccState.Idle || s === PiccState.Halt) return null;
    if (s === PiccState.Active) {
      if (bits === 32 && frame[0] === PICC_HLTA && frame[1] === 0 && crcA(frame, 0, 2) === ((frame[2] as number) | ((frame[3] as number) << 8))) {
        this.state = PiccState.Halt;
        this.halted = true;
        return null;
      }
      this.error();
      return null;
    }
    // READY: ANTICOLLISION or SELECT of the current cascade level.
    if (bits < 16 || frame[0] !== selCode(this.level)) {
      this.error();
      return null;
    }
    const nvb = frame[1] as number;
    const o = (this.level - 1) * 5;
    if (nvb === 0x70) {
      if (bits !== 72 || crcA(frame, 0, 7) !== ((frame[7] as number) | ((frame[8] as number) << 8))) {
        this.error();
        return null;
      }
      for (let i = 0; i < 5; i++) {
        if (frame[2 + i] !== this.cln[o + i]) {
          this.error();
          return null;
        }
      }
      const complete = this.level === this.levels;
      const sak = complete ? this.sak : 0x04;
      if (complete) this.state = PiccState.Active;
      else this.level++;
      const out = new Uint8Array(3);
      out[0] = sak;
      const crc = crcA(out, 0, 1);
      out[1] = crc & 0xff;
      out[2] = crc >> 8;
      this.answers++;
      return standardFrame(out, 3);
    }
    const known = ((nvb >> 4) - 2) * 8 + (nvb & 7);
    if ((nvb & 0x0f) > 7 || known < 0 || known > 39 || bits !== 16 + known) {
      this.error();
      return null;
    }
    for (let i = 0; i < known; i++) {
      const sent = ((frame[2 + (i >> 3)] as number) >> (i & 7)) & 1;
      const mine = ((this.cln[o + (i >> 3)] as number) >> (i & 7)) & 1;
      if (sent !== mine) {
        if (this.idleOnAnticollisionMismatch) this.error();
        return null;
      }
    }
    this.answers++;
    return tailFrame(this.cln.subarray(o, o + 5), 40, known);
  }

  private request(cmd: number): AirFrame | null {
    const s = this.state;
    if (cmd === PICC_REQA && s === PiccState.Idle) return this.answerRequest(false);
    if (cmd === PICC_WUPA && (s === PiccState.Idle || s === PiccState.Halt)) return this.answerRequest(s === PiccState.Halt);
    // A REQA/WUPA to a READY or ACTIVE card is an unexpected command: silent, back to IDLE/HALT.
    // A REQA to a halted card, or anything else to IDLE/HALT, leaves it where it is.
    if (s === PiccState.Ready || s === PiccState.Active) this.error();
    return null;
  }

  private answerRequest(fromHalt: boolean): AirFrame {
    this.state = PiccState.Ready;
    this.level = 1;
    this.halted = fromHalt;
    const out = new Uint8Array(2);
    out[0] = this.atqa & 0xff;
    out[1] = this.atqa >> 8;
    this.answers++;
    return standardFrame(out, 2);
  }

  private error(): void {
    if (this.state === PiccState.Off) return;
    this.state = this.halted ? PiccState.Halt : PiccState.Idle;
    this.level = 1;
  }
}

// Card kinds (reference §4.4, §4.5).
export function classic1k(uid: ArrayLike<number>): Picc {
  return uid.length === 7 ? new Picc(uid, 0x0044, 0x08) : new Picc(uid, 0x0004, 0x08);
}
export function classic4k(uid: ArrayLike<number>): Picc {
  return uid.length === 7 ? new Picc(uid, 0x0042, 0x18) : new Picc(uid, 0x0002, 0x18);
}
export function classicMini(uid: ArrayLike<number>): Picc {
  return new Picc(uid, 0x0004, 0x09);
}
export function ultralight(uid: ArrayLike<number>): Picc {
  return new Picc(uid, 0x0044, 0x00);
}
/** A triple-size UID card (ATQA UID-size bits 10b); no common product, synthetic. */
export function tripleUidCard(uid: ArrayLike<number>): Picc {
  return new Picc(uid, 0x0084, 0x00);
}
/** A card of the usual kind for its UID size: Classic 1K (4 or 7 bytes) or a triple-size card. */
export function cardFor(uid: ArrayLike<number>): Picc {
  return uid.length === 10 ? tripleUidCard(uid) : classic1k(uid);
}
