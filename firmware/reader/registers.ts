// MFRC522 registers, bits and commands the driver uses (datasheet Rev. 3.9, reference §2-§3).

export const CommandReg = 0x01;
export const ComIrqReg = 0x04;
export const ErrorReg = 0x06;
export const FIFODataReg = 0x09;
export const FIFOLevelReg = 0x0a;
export const ControlReg = 0x0c;
export const BitFramingReg = 0x0d;
export const CollReg = 0x0e;
export const ModeReg = 0x11;
export const TxModeReg = 0x12;
export const RxModeReg = 0x13;
export const TxControlReg = 0x14;
export const TxASKReg = 0x15;
export const ModWidthReg = 0x24;
export const RFCfgReg = 0x26;
export const TModeReg = 0x2a;
export const TPrescalerReg = 0x2b;
export const TReloadRegH = 0x2c;
export const TReloadRegL = 0x2d;
export const VersionReg = 0x37;

export const CMD_IDLE = 0x00;
export const CMD_TRANSCEIVE = 0x0c;
export const CMD_SOFT_RESET = 0x0f;
/** CommandReg bit 4: soft power-down, reads 1 while the chip is still resetting. */
export const POWER_DOWN = 0x10;

export const IRQ_TX = 0x40;
export const IRQ_RX = 0x20;
export const IRQ_TIMER = 0x01;
export const IRQ_CLEAR_ALL = 0x7f;

export const ERR_COLL = 0x08;
export const FLUSH_BUFFER = 0x80;
export const START_SEND = 0x80;
/** CollReg: CollPosNotValid. */
export const COLL_POS_NOT_VALID = 0x20;

/**
 * Register values after a reset, for the registers the driver configures (-1: not specified).
 * The shadow starts from these, so init writes only what differs.
 */
export function resetValue(reg: number): number {
  switch (reg) {
    case CommandReg:
      return 0x20;
    case ModeReg:
      return 0x3f;
    case TxControlReg:
      return 0x80;
    case ModWidthReg:
      return 0x26;
    case RFCfgReg:
      return 0x48;
    case TxModeReg:
    case RxModeReg:
    case TxASKReg:
    case TModeReg:
    case TPrescalerReg:
    case TReloadRegH:
    case TReloadRegL:
    case BitFramingReg:
      return 0x00;
    default:
      return -1;
  }
}
