// The register settings the driver runs the chip with, and their read-back check (reference §6.1:
// a chip that silently reset still answers VersionReg but has lost these settings).

import { Mfrc522 } from "./mfrc522";
import {
  VersionReg, TModeReg, TPrescalerReg, TReloadRegH, TReloadRegL, TxASKReg, ModeReg, TxModeReg,
  RxModeReg, ModWidthReg, CollReg, TxControlReg, RFCfgReg,
} from "./registers";

function hex2(v: number): string {
  const h = "0123456789ABCDEF";
  return h.charAt((v >> 4) & 15) + h.charAt(v & 15) + "h";
}

const NAMES: { [reg: number]: string } = {};
NAMES[TModeReg] = "TModeReg";
NAMES[TPrescalerReg] = "TPrescalerReg";
NAMES[TReloadRegH] = "TReloadRegH";
NAMES[TReloadRegL] = "TReloadRegL";
NAMES[TxASKReg] = "TxASKReg";
NAMES[ModeReg] = "ModeReg";
NAMES[TxModeReg] = "TxModeReg";
NAMES[RxModeReg] = "RxModeReg";
NAMES[ModWidthReg] = "ModWidthReg";
NAMES[CollReg] = "CollReg";
NAMES[TxControlReg] = "TxControlReg";
NAMES[RFCfgReg] = "RFCfgReg";

/** What a VersionReg value says (reference §2.4). */
export function describeVersion(v: number): string {
  const x = " (" + hex2(v) + ")";
  if (v === 0x91) return "MFRC522 v1.0" + x;
  if (v === 0x92) return "MFRC522 v2.0" + x;
  if (v === 0x90) return "MFRC522 v0.0" + x;
  if (v === 0x88 || v === 0x89 || v === 0xb2) return "FM17522 clone" + x;
  return "unknown chip" + x;
}

export class ChipConfig {
  /** Registers set at init, in write order; the antenna comes last. */
  readonly regs: Uint8Array;
  readonly values: Uint8Array;
  /** Bits of each register that belong to the setting (the rest are status or reserved). */
  readonly masks: Uint8Array;
  readonly count: number;
  /** VersionReg + the registers, for the read-back stream. */
  private readRegs: Uint8Array;
  private readOut: Uint8Array;

  /** `rxGain`: RFCfgReg RxGain 0..7 (18..48 dB), or -1 to keep the reset value (33 dB). */
  constructor(rxGain: number) {
    const regs: number[] = [TxModeReg, RxModeReg, ModWidthReg, TModeReg, TPrescalerReg, TReloadRegH, TReloadRegL, TxASKReg, ModeReg, CollReg];
    // TAuto with 25 us ticks; reload 39: the no-answer timeout is 1.0 ms after each frame.
    const values: number[] = [0x00, 0x00, 0x26, 0x80, 0xa9, 0x00, 39, 0x40, 0x3d, 0x00];
    const masks: number[] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80];
    if (rxGain >= 0) {
      regs.push(RFCfgReg);
      values.push(0x08 | ((rxGain & 7) << 4));
      masks.push(0x70);
    }
    regs.push(TxControlReg);
    values.push(0x83);
    masks.push(0x03);
    this.count = regs.length;
    this.regs = new Uint8Array(regs);
    this.values = new Uint8Array(values);
    this.masks = new Uint8Array(masks);
    this.readRegs = new Uint8Array(this.count + 1);
    this.readRegs[0] = VersionReg;
    for (let i = 0; i < this.count; i++) this.readRegs[i + 1] = regs[i] as number;
    this.readOut = new Uint8Array(this.count + 1);
  }

  /** Writes the settings, skipping registers that already hold their value. */
  apply(chip: Mfrc522): void {
    for (let i = 0; i < this.count; i++) chip.writeIfChanged(this.regs[i] as number, this.values[i] as number);
  }

  /**
   * Reads VersionReg and the settings in one window. Returns "" when the chip answers with a
   * plausible version (and `expectVersion` if >= 0) and every setting is in place, else what is wrong.
   */
  check(chip: Mfrc522, expectVersion: number): string {
    const out = this.readOut;
    chip.readStream(this.readRegs, this.count + 1, out);
    const v = out[0] as number;
    if (v === 0x00 || v === 0xff) return "no answer on SPI (VersionReg " + hex2(v) + ")";
    if (expectVersion >= 0 && v !== expectVersion) return "VersionReg changed from " + hex2(expectVersion) + " to " + hex2(v);
    for (let i = 0; i < this.count; i++) {
      const m = this.masks[i] as number;
      const got = (out[i + 1] as number) & m;
      const want = (this.values[i] as number) & m;
      if (got !== want) return "settings lost: " + NAMES[this.regs[i] as number] + " reads " + hex2(out[i + 1] as number) + ", expected " + hex2(this.values[i] as number);
    }
    return "";
  }

  /** VersionReg as read by the last check. */
  lastVersion(): number {
    return this.readOut[0] as number;
  }
}
