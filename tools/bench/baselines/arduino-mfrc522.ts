// Baseline for the reader benchmark: the register sequence of the Arduino "MFRC522" library
// (miguelbalboa/rfid v1.4.x, reference §3.2, §3.3, §5.1), written from the reference's description:
// PCD_Init, PICC_IsNewCardPresent (REQA, 25 ms timer), PICC_ReadCardSerial (PICC_Select with CRC
// on the chip's CalcCRC), PICC_HaltA, PCD_StopCrypto1, busy-polling ComIrqReg. Like the Arduino
// code it blocks: delay() and the polling loops spend simulated time synchronously.

import { SpiBus } from "../../../hal/spi";
import { SimClock } from "../../../hal/sim/clock";

const CommandReg = 0x01, ComIrqReg = 0x04, DivIrqReg = 0x05, ErrorReg = 0x06, Status2Reg = 0x08;
const FIFODataReg = 0x09, FIFOLevelReg = 0x0a, ControlReg = 0x0c, BitFramingReg = 0x0d, CollReg = 0x0e;
const ModeReg = 0x11, TxModeReg = 0x12, RxModeReg = 0x13, TxControlReg = 0x14, TxASKReg = 0x15;
const CRCResultRegH = 0x21, CRCResultRegL = 0x22, ModWidthReg = 0x24;
const TModeReg = 0x2a, TPrescalerReg = 0x2b, TReloadRegH = 0x2c, TReloadRegL = 0x2d;

const PCD_Idle = 0x00, PCD_CalcCRC = 0x03, PCD_Transceive = 0x0c, PCD_SoftReset = 0x0f;
const PICC_CMD_REQA = 0x26, PICC_CMD_HLTA = 0x50, PICC_CMD_CT = 0x88;
const PICC_CMD_SEL_CL1 = 0x93, PICC_CMD_SEL_CL2 = 0x95, PICC_CMD_SEL_CL3 = 0x97;

export const STATUS_OK = 0;
export const STATUS_ERROR = 1;
export const STATUS_COLLISION = 2;
export const STATUS_TIMEOUT = 3;
export const STATUS_NO_ROOM = 4;
export const STATUS_INTERNAL_ERROR = 5;
export const STATUS_CRC_WRONG = 7;

export interface Uid {
  size: number;
  uidByte: Uint8Array;
  sak: number;
}

export class ArduinoMfrc522 {
  uid: Uid = { size: 0, uidByte: new Uint8Array(10), sak: 0 };
  constructor(private spi: SpiBus, private clock: SimClock) {}

  private delay(ms: number): void {
    this.clock.spend(ms);
  }

  private millis(): number {
    return this.clock.now();
  }

  PCD_WriteRegister(reg: number, value: number): void {
    this.spi.transfer(Uint8Array.from([reg << 1, value]));
  }

  PCD_WriteRegisterN(reg: number, count: number, values: Uint8Array): void {
    const tx = new Uint8Array(count + 1);
    tx[0] = reg << 1;
    tx.set(values.subarray(0, count), 1);
    this.spi.transfer(tx);
  }

  PCD_ReadRegister(reg: number): number {
    return this.spi.transfer(Uint8Array.from([0x80 | (reg << 1), 0]))[1] as number;
  }

  /** Reads `count` bytes of one register in one stream; only bits rxAlign..7 of values[0] change. */
  PCD_ReadRegisterN(reg: number, count: number, values: Uint8Array, offset: number, rxAlign: number): void {
    if (count === 0) return;
    const address = 0x80 | (reg << 1);
    const tx = new Uint8Array(count + 1).fill(address);
    tx[count] = 0;
    const rx = this.spi.transfer(tx);
    for (let i = 0; i < count; i++) {
      const v = rx[i + 1] as number;
      if (i === 0 && rxAlign) {
        const mask = (0xff << rxAlign) & 0xff;
        values[offset] = ((values[offset] as number) & ~mask) | (v & mask);
      } else values[offset + i] = v;
    }
  }

  PCD_SetRegisterBitMask(reg: number, mask: number): void {
    this.PCD_WriteRegister(reg, this.PCD_ReadRegister(reg) | mask);
  }

  PCD_ClearRegisterBitMask(reg: number, mask: number): void {
    this.PCD_WriteRegister(reg, this.PCD_ReadRegister(reg) & ~mask & 0xff);
  }

  PCD_CalculateCRC(data: Uint8Array, offset: number, length: number, result: Uint8Array, resultOffset: number): number {
    this.PCD_WriteRegister(CommandReg, PCD_Idle);
    this.PCD_WriteRegister(DivIrqReg, 0x04);
    this.PCD_WriteRegister(FIFOLevelReg, 0x80);
    this.PCD_WriteRegisterN(FIFODataReg, length, data.subarray(offset, offset + length));
    this.PCD_WriteRegister(CommandReg, PCD_CalcCRC);
    const deadline = this.millis() + 89;
    do {
      const n = this.PCD_ReadRegister(DivIrqReg);
      if (n & 0x04) {
        this.PCD_WriteRegister(CommandReg, PCD_Idle);
        result[resultOffset] = this.PCD_ReadRegister(CRCResultRegL);
        result[resultOffset + 1] = this.PCD_ReadRegister(CRCResultRegH);
        return STATUS_OK;
      }
    } while (this.millis() < deadline);
    return STATUS_TIMEOUT;
  }

  PCD_Reset(): void {
    this.PCD_WriteRegister(CommandReg, PCD_SoftReset);
    let count = 0;
    do {
      this.delay(50);
    } while (this.PCD_ReadRegister(CommandReg) & (1 << 4) && ++count < 3);
  }

  PCD_AntennaOn(): void {
    const value = this.PCD_ReadRegister(TxControlReg);
    if ((value & 0x03) !== 0x03) this.PCD_WriteRegister(TxControlReg, value | 0x03);
  }

  PCD_Init(): void {
    this.PCD_Reset();
    this.PCD_WriteRegister(TxModeReg, 0x00);
    this.PCD_WriteRegister(RxModeReg, 0x00);
    this.PCD_WriteRegister(ModWidthReg, 0x26);
    this.PCD_WriteRegister(TModeReg, 0x80);
    this.PCD_WriteRegister(TPrescalerReg, 0xa9);
    this.PCD_WriteRegister(TReloadRegH, 0x03);
    this.PCD_WriteRegister(TReloadRegL, 0xe8);
    this.PCD_WriteRegister(TxASKReg, 0x40);
    this.PCD_WriteRegister(ModeReg, 0x3d);
    this.PCD_AntennaOn();
  }

  /** Out: backLen[0] bytes received, validBits[0] valid bits in the last one. */
  PCD_CommunicateWithPICC(
    command: number, waitIRq: number, sendData: Uint8Array, sendOffset: number, sendLen: number,
    backData: Uint8Array | null, backOffset: number, backLen: number[] | null, validBits: number[] | null,
    rxAlign: number, checkCRC: boolean,
  ): number {
    const txLastBits = validBits ? (validBits[0] as number) : 0;
    const bitFraming = (rxAlign << 4) + txLastBits;
    this.PCD_WriteRegister(CommandReg, PCD_Idle);
    this.PCD_WriteRegister(ComIrqReg, 0x7f);
    this.PCD_WriteRegister(FIFOLevelReg, 0x80);
    this.PCD_WriteRegisterN(FIFODataReg, sendLen, sendData.subarray(sendOffset, sendOffset + sendLen));
    this.PCD_WriteRegister(BitFramingReg, bitFraming);
    this.PCD_WriteRegister(CommandReg, command);
    if (command === PCD_Transceive) this.PCD_SetRegisterBitMask(BitFramingReg, 0x80);
    // v1.4.10+: a 36 ms host deadline; the chip's timer says "nothing received in 25 ms".
    const deadline = this.millis() + 36;
    let completed = false;
    do {
      const n = this.PCD_ReadRegister(ComIrqReg);
      if (n & waitIRq) {
        completed = true;
        break;
      }
      if (n & 0x01) return STATUS_TIMEOUT;
    } while (this.millis() < deadline);
    if (!completed) return STATUS_TIMEOUT;
    const errorRegValue = this.PCD_ReadRegister(ErrorReg);
    if (errorRegValue & 0x13) return STATUS_ERROR;
    let vb = 0;
    if (backData && backLen) {
      const n = this.PCD_ReadRegister(FIFOLevelReg);
      if (n > (backLen[0] as number)) return STATUS_NO_ROOM;
      backLen[0] = n;
      this.PCD_ReadRegisterN(FIFODataReg, n, backData, backOffset, rxAlign);
      vb = this.PCD_ReadRegister(ControlReg) & 0x07;
      if (validBits) validBits[0] = vb;
    }
    if (errorRegValue & 0x08) return STATUS_COLLISION;
    if (backData && backLen && checkCRC) {
      const len = backLen[0] as number;
      if (len < 2 || vb !== 0) return STATUS_CRC_WRONG;
      const control = new Uint8Array(2);
      const status = this.PCD_CalculateCRC(backData, backOffset, len - 2, control, 0);
      if (status !== STATUS_OK) return status;
      if (backData[backOffset + len - 2] !== control[0] || backData[backOffset + len - 1] !== control[1]) return STATUS_CRC_WRONG;
    }
    return STATUS_OK;
  }

  PCD_TransceiveData(
    sendData: Uint8Array, sendOffset: number, sendLen: number, backData: Uint8Array | null, backOffset: number,
    backLen: number[] | null, validBits: number[] | null, rxAlign: number, checkCRC: boolean,
  ): number {
    return this.PCD_CommunicateWithPICC(PCD_Transceive, 0x30, sendData, sendOffset, sendLen, backData, backOffset, backLen, validBits, rxAlign, checkCRC);
  }

  PICC_RequestA(bufferATQA: Uint8Array, bufferSize: number[]): number {
    if ((bufferSize[0] as number) < 2) return STATUS_NO_ROOM;
    this.PCD_ClearRegisterBitMask(CollReg, 0x80);
    const validBits = [7];
    const status = this.PCD_TransceiveData(Uint8Array.from([PICC_CMD_REQA]), 0, 1, bufferATQA, 0, bufferSize, validBits, 0, false);
    if (status !== STATUS_OK) return status;
    if (bufferSize[0] !== 2 || validBits[0] !== 0) return STATUS_ERROR;
    return STATUS_OK;
  }

  PICC_IsNewCardPresent(): boolean {
    const bufferATQA = new Uint8Array(2);
    const bufferSize = [2];
    this.PCD_WriteRegister(TxModeReg, 0x00);
    this.PCD_WriteRegister(RxModeReg, 0x00);
    this.PCD_WriteRegister(ModWidthReg, 0x26);
    const result = this.PICC_RequestA(bufferATQA, bufferSize);
    return result === STATUS_OK || result === STATUS_COLLISION;
  }

  PICC_Select(uid: Uid): number {
    const buffer = new Uint8Array(9);
    let cascadeLevel = 1;
    let uidIndex = 0;
    let responseOffset = 0;
    let responseLength = 0;
    this.PCD_ClearRegisterBitMask(CollReg, 0x80);
    let uidComplete = false;
    while (!uidComplete) {
      if (cascadeLevel === 1) {
        buffer[0] = PICC_CMD_SEL_CL1;
        uidIndex = 0;
      } else if (cascadeLevel === 2) {
        buffer[0] = PICC_CMD_SEL_CL2;
        uidIndex = 3;
      } else if (cascadeLevel === 3) {
        buffer[0] = PICC_CMD_SEL_CL3;
        uidIndex = 6;
      } else return STATUS_INTERNAL_ERROR;
      let currentLevelKnownBits = 0;
      let selectDone = false;
      let txLastBits = [0];
      while (!selectDone) {
        let bufferUsed: number;
        let rxAlign: number;
        if (currentLevelKnownBits >= 32) {
          buffer[1] = 0x70;
          buffer[6] = (buffer[2] as number) ^ (buffer[3] as number) ^ (buffer[4] as number) ^ (buffer[5] as number);
          const result = this.PCD_CalculateCRC(buffer, 0, 7, buffer, 7);
          if (result !== STATUS_OK) return result;
          txLastBits = [0];
          bufferUsed = 9;
          responseOffset = 6;
          responseLength = 3;
        } else {
          txLastBits = [currentLevelKnownBits % 8];
          const count = Math.floor(currentLevelKnownBits / 8);
          const index = 2 + count;
          buffer[1] = (index << 4) + (txLastBits[0] as number);
          bufferUsed = index + (txLastBits[0] ? 1 : 0);
          responseOffset = index;
          responseLength = 9 - index;
        }
        rxAlign = txLastBits[0] as number;
        this.PCD_WriteRegister(BitFramingReg, (rxAlign << 4) + (txLastBits[0] as number));
        const back = [responseLength];
        const result = this.PCD_TransceiveData(buffer, 0, bufferUsed, buffer, responseOffset, back, txLastBits, rxAlign, false);
        responseLength = back[0] as number;
        if (result === STATUS_COLLISION) {
          const valueOfCollReg = this.PCD_ReadRegister(CollReg);
          if (valueOfCollReg & 0x20) return STATUS_COLLISION;
          let collisionPos = valueOfCollReg & 0x1f;
          if (collisionPos === 0) collisionPos = 32;
          if (collisionPos <= currentLevelKnownBits) return STATUS_INTERNAL_ERROR;
          currentLevelKnownBits = collisionPos;
          const count = currentLevelKnownBits % 8;
          const checkBit = (currentLevelKnownBits - 1) % 8;
          const index = 1 + Math.floor(currentLevelKnownBits / 8) + (count ? 1 : 0);
          buffer[index] = (buffer[index] as number) | (1 << checkBit);
        } else if (result !== STATUS_OK) {
          return result;
        } else if (currentLevelKnownBits >= 32) {
          selectDone = true;
        } else {
          currentLevelKnownBits = 32;
        }
      }
      // The received BCC is not checked ("it was constructed by us above").
      const index = buffer[2] === PICC_CMD_CT ? 3 : 2;
      const bytesToCopy = buffer[2] === PICC_CMD_CT ? 3 : 4;
      for (let count = 0; count < bytesToCopy; count++) uid.uidByte[uidIndex + count] = buffer[index + count] as number;
      if (responseLength !== 3 || txLastBits[0] !== 0) return STATUS_ERROR;
      const result = this.PCD_CalculateCRC(buffer, responseOffset, 1, buffer, 2);
      if (result !== STATUS_OK) return result;
      if (buffer[2] !== buffer[responseOffset + 1] || buffer[3] !== buffer[responseOffset + 2]) return STATUS_CRC_WRONG;
      if ((buffer[responseOffset] as number) & 0x04) cascadeLevel++;
      else {
        uidComplete = true;
        uid.sak = buffer[responseOffset] as number;
      }
    }
    uid.size = 3 * cascadeLevel + 1;
    return STATUS_OK;
  }

  PICC_ReadCardSerial(): boolean {
    return this.PICC_Select(this.uid) === STATUS_OK;
  }

  PICC_HaltA(): number {
    const buffer = new Uint8Array(4);
    buffer[0] = PICC_CMD_HLTA;
    buffer[1] = 0;
    const result = this.PCD_CalculateCRC(buffer, 0, 2, buffer, 2);
    if (result !== STATUS_OK) return result;
    const r = this.PCD_TransceiveData(buffer, 0, 4, null, 0, null, null, 0, false);
    if (r === STATUS_TIMEOUT) return STATUS_OK;
    if (r === STATUS_OK) return STATUS_ERROR;
    return r;
  }

  PCD_StopCrypto1(): void {
    this.PCD_ClearRegisterBitMask(Status2Reg, 0x08);
  }
}

/**
 * The library's ReadNUID example as a poll: a card that answers REQA is read, reported if its
 * UID differs from the last one, halted. Returns the idTag when a new card was reported.
 */
export class ArduinoReadNuid {
  private last = "";
  constructor(readonly rfid: ArduinoMfrc522) {}

  poll(): string {
    const rfid = this.rfid;
    if (!rfid.PICC_IsNewCardPresent()) return "";
    if (!rfid.PICC_ReadCardSerial()) return "";
    let id = "";
    for (let i = 0; i < rfid.uid.size; i++) id += (rfid.uid.uidByte[i] as number).toString(16).toUpperCase().padStart(2, "0");
    const fresh = id !== this.last;
    this.last = id;
    rfid.PICC_HaltA();
    rfid.PCD_StopCrypto1();
    return fresh ? id : "";
  }
}
