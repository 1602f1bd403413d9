// ISO/IEC 14443-3 type A activation as a step machine without I/O (reference §4): it says which
// frame to send next and digests each answer. Two uses:
//  - read: WUPA, then per cascade level anticollision (with bit-collision resolution) and SELECT,
//    BCC and SAK checked, until the SAK says the UID is complete (4, 7 or 10 bytes);
//  - check: WUPA, then SELECT of a known UID level by level: is that card still there?
// A UID is only accepted after the card answered the SELECT of its last level with a valid SAK.

import { appendCrcA, checkCrcA } from "./crc-a";
import { X_OK, X_TIMEOUT, X_COLLISION } from "./transceiver";
import { COLL_POS_NOT_VALID } from "./registers";

export const PICC_WUPA = 0x52;
export const PICC_HLTA = 0x50;
export const PICC_CT = 0x88;
const SAK_CASCADE = 0x04;

/** onResult outcomes. */
export const A_SEND = 0;
/** A whole UID was read (uid, uidLen, sak). */
export const A_READ = 1;
/** Check: the card answered the SELECT of every level. */
export const A_CONFIRMED = 2;
/** Nothing answered WUPA (a clean timeout). */
export const A_NO_CARD = 3;
/** Check: cards answered WUPA cleanly, but the checked card did not answer its SELECT. */
export const A_ABSENT = 4;
/** Errors (noise, a card leaving, a protocol violation): nothing can be concluded. */
export const A_FAILED = 5;

const STEP_WUPA = 1;
const STEP_ANTICOLL = 2;
const STEP_SELECT = 3;

/** Anticollision rounds allowed per activation (ISO allows 32 per cascade level). */
const MAX_ROUNDS = 96;

export class Activation {
  /** The next frame to send, and how. */
  readonly frame: Uint8Array;
  frameLen: number;
  txLastBits: number;
  rxAlign: number;
  expectBytes: number;
  /** Whether the answer may collide (read CollReg with it). */
  withColl: boolean;

  /** The UID read (or checked), byte 0 first. */
  readonly uid: Uint8Array;
  uidLen: number;
  sak: number;
  /** Some card answered during this activation: it may be left READY/ACTIVE (send HLTA). */
  cardAnswered: boolean;
  /** Anticollision rounds that followed a collision, for tests and figures. */
  collisions: number;

  private checking: boolean;
  private target: Uint8Array;
  private targetLen: number;
  private step: number;
  private level: number;
  private known: number;
  private rounds: number;
  private wupaClean: boolean;
  /** UID CLn (4 bytes) and BCC of the current level. */
  private cln: Uint8Array;

  constructor() {
    this.frame = new Uint8Array(9);
    this.frameLen = 0;
    this.txLastBits = 0;
    this.rxAlign = 0;
    this.expectBytes = 0;
    this.withColl = false;
    this.uid = new Uint8Array(10);
    this.uidLen = 0;
    this.sak = 0;
    this.cardAnswered = false;
    this.collisions = 0;
    this.checking = false;
    this.target = new Uint8Array(10);
    this.targetLen = 0;
    this.step = 0;
    this.level = 1;
    this.known = 0;
    this.rounds = 0;
    this.wupaClean = false;
    this.cln = new Uint8Array(5);
  }

  /** Starts reading whatever card answers. */
  beginRead(): void {
    this.checking = false;
    this.begin();
  }

  /** Starts checking that the card with `uid[0..len)` is in the field. */
  beginCheck(uid: Uint8Array, len: number): void {
    this.checking = true;
    this.targetLen = len;
    for (let i = 0; i < len; i++) this.target[i] = uid[i] as number;
    this.begin();
  }

  /** The HLTA frame (50 00 57 CD) into `frame`; returns its length. */
  haltFrame(): number {
    const f = this.frame;
    f[0] = PICC_HLTA;
    f[1] = 0;
    appendCrcA(f, 2);
    return 4;
  }

  /**
   * Digests the answer to the frame last asked for: `status` is an X_* exchange result, `rx` the
   * received bytes (`rxLen` in the FIFO), `collReg` the CollReg value read with them.
   */
  onResult(status: number, rx: Uint8Array, rxLen: number, collReg: number): number {
    if (this.step === STEP_WUPA) {
      if (status === X_TIMEOUT) return A_NO_CARD;
      // An ATQA, ATQAs colliding (cards of different kinds), or a damaged one: cards are READY now.
      this.cardAnswered = true;
      this.wupaClean = status === X_OK || status === X_COLLISION;
      this.level = 1;
      this.uidLen = 0;
      if (this.checking) return this.selectTargetLevel();
      return this.anticollision(0);
    }
    if (this.step === STEP_ANTICOLL) {
      if (status === X_OK) {
        this.merge(rx);
        const c = this.cln;
        if (((c[0] as number) ^ (c[1] as number) ^ (c[2] as number) ^ (c[3] as number)) !== c[4]) return A_FAILED;
        return this.select();
      }
      if (status === X_COLLISION && rxLen === this.expectBytes) return this.resolveCollision(rx, collReg);
      return A_FAILED;
    }
    // STEP_SELECT
    if (status === X_TIMEOUT) return this.checking && this.wupaClean ? A_ABSENT : A_FAILED;
    if (status !== X_OK || rxLen !== 3 || !checkCrcA(rx, 3)) return A_FAILED;
    return this.selected(rx[0] as number);
  }

  private begin(): void {
    this.cardAnswered = false;
    this.wupaClean = false;
    this.collisions = 0;
    this.rounds = 0;
    this.uidLen = 0;
    this.step = STEP_WUPA;
    this.frame[0] = PICC_WUPA;
    this.request(1, 7, 0, 2, false);
  }

  private request(len: number, txLastBits: number, rxAlign: number, expectBytes: number, withColl: boolean): number {
    this.frameLen = len;
    this.txLastBits = txLastBits;
    this.rxAlign = rxAlign;
    this.expectBytes = expectBytes;
    this.withColl = withColl;
    return A_SEND;
  }

  private selCode(): number {
    return this.level === 1 ? 0x93 : this.level === 2 ? 0x95 : 0x97;
  }

  /** ANTICOLLISION with the first `known` bits of UID CLn. */
  private anticollision(known: number): number {
    if (++this.rounds > MAX_ROUNDS) return A_FAILED;
    this.step = STEP_ANTICOLL;
    this.known = known;
    const f = this.frame;
    const whole = known >> 3;
    const bits = known & 7;
    f[0] = this.selCode();
    f[1] = ((2 + whole) << 4) | bits;
    const n = whole + (bits ? 1 : 0);
    for (let i = 0; i < n; i++) f[2 + i] = this.cln[i] as number;
    return this.request(2 + n, bits, bits, 5 - whole, true);
  }

  /** Puts the received bits (from bit `known` on) into UID CLn + BCC. */
  private merge(rx: Uint8Array): void {
    const k = this.known;
    const at = k >> 3;
    const low = (1 << (k & 7)) - 1;
    const c = this.cln;
    c[at] = ((c[at] as number) & low) | ((rx[0] as number) & ~low & 0xff);
    for (let i = 1; at + i < 5; i++) c[at + i] = rx[i] as number;
  }

  /**
   * A collision: keep the bits before it, choose 0 for the collided bit, ask again.
   * Where CollPos counts from is not settled (reference §4.7): the NXP reading counts bits in the
   * received frame including RxAlign, another counts in UID CLn. When they differ (8 or more known
   * bits), the earlier position is taken if every received bit between the two is 0, because
   * a collision clears all later bits (ValuesAfterColl = 0); there the bit chosen, 0, is a real
   * bit of every card, so the next round still makes progress under either reading.
   */
  private resolveCollision(rx: Uint8Array, collReg: number): number {
    this.cardAnswered = true;
    if (collReg & COLL_POS_NOT_VALID) return A_FAILED;
    this.merge(rx);
    const k = this.known;
    const c = (collReg & 0x1f) || 32;
    const nxp = 8 * (k >> 3) + c - 1;
    const abs = c - 1;
    const nxpOk = nxp >= k && nxp < 32;
    const absOk = abs >= k && abs < 32;
    let p: number;
    if (absOk && (!nxpOk || this.zeroBits(abs, nxp))) p = abs;
    else if (nxpOk) p = nxp;
    else return A_FAILED;
    // Bit p = 0, later bits unknown.
    const at = p >> 3;
    this.cln[at] = (this.cln[at] as number) & ((1 << (p & 7)) - 1);
    for (let i = at + 1; i < 5; i++) this.cln[i] = 0;
    this.collisions++;
    if (p + 1 === 32) return this.select();
    return this.anticollision(p + 1);
  }

  /** Whether UID CLn bits [from, to) are all 0. */
  private zeroBits(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (((this.cln[i >> 3] as number) >> (i & 7)) & 1) return false;
    return true;
  }

  /** SELECT of the current level with UID CLn (BCC computed here). */
  private select(): number {
    this.step = STEP_SELECT;
    const c = this.cln;
    c[4] = (c[0] as number) ^ (c[1] as number) ^ (c[2] as number) ^ (c[3] as number);
    const f = this.frame;
    f[0] = this.selCode();
    f[1] = 0x70;
    for (let i = 0; i < 5; i++) f[2 + i] = c[i] as number;
    appendCrcA(f, 7);
    return this.request(9, 0, 0, 3, false);
  }

  /** Check mode: UID CLn of the current level from the known UID, then SELECT. */
  private selectTargetLevel(): number {
    const levels = this.targetLen === 4 ? 1 : this.targetLen === 7 ? 2 : 3;
    const from = (this.level - 1) * 3;
    const c = this.cln;
    if (this.level === levels) {
      for (let i = 0; i < 4; i++) c[i] = this.target[from + i] as number;
    } else {
      c[0] = PICC_CT;
      for (let i = 0; i < 3; i++) c[1 + i] = this.target[from + i] as number;
    }
    return this.select();
  }

  /** A valid SAK for UID CLn of this level. */
  private selected(sak: number): number {
    const c = this.cln;
    const more = (sak & SAK_CASCADE) !== 0;
    if (more) {
      // A cascade bit must come with a cascade tag, and there are at most three levels.
      if (c[0] !== PICC_CT || this.level === 3) return A_FAILED;
      for (let i = 1; i < 4; i++) this.uid[this.uidLen++] = c[i] as number;
    } else {
      for (let i = 0; i < 4; i++) this.uid[this.uidLen++] = c[i] as number;
    }
    if (this.checking) {
      const levels = this.targetLen === 4 ? 1 : this.targetLen === 7 ? 2 : 3;
      if (more !== this.level < levels) return A_FAILED;
      if (!more) return A_CONFIRMED;
      this.level++;
      return this.selectTargetLevel();
    }
    if (!more) {
      this.sak = sak;
      return A_READ;
    }
    this.level++;
    for (let i = 0; i < 5; i++) c[i] = 0;
    return this.anticollision(0);
  }
}
