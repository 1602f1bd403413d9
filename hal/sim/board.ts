import { Board } from "../board";
import { SpiBus } from "../spi";
import { SimClock } from "./clock";
import { SimStorage } from "./storage";
import { SimWatchdog } from "./watchdog";
import { SimRgbLed } from "./rgb-led";
import { SimRelay } from "./relay";
import { SimPilot } from "./pilot";
import { SimMeter } from "./meter";
import { SimOutputPin } from "./pins";

export interface SimBoardOptions {
  /** Shared clock (default: a new one at 0). */
  clock?: SimClock;
  /** Keep the same storage across "power cycles" by passing it to the next board. */
  storage?: SimStorage;
  relayDelayMs?: number;
  meterPulsesPerKWh?: number;
  /** Also print log lines (e.g. to the console of the simulator). */
  echo?: (line: string) => void;
}

/**
 * A complete simulated charger: the firmware gets `board` (hal interfaces only); tests drive and
 * inspect the parts (led, relay, pilot, meter, watchdog, storage, clock, readerReset, logLines).
 * The reader's SPI bus is pluggable: until an MFRC522 model is plugged in with `setReaderSpi`,
 * every transfer reads back 0x00 bytes, as on a bus with no chip.
 */
export class SimBoard {
  readonly clock: SimClock;
  readonly storage: SimStorage;
  readonly watchdog: SimWatchdog;
  readonly led: SimRgbLed;
  readonly relay: SimRelay;
  readonly pilot: SimPilot;
  readonly meter: SimMeter;
  readonly readerReset: SimOutputPin;
  readonly logLines: string[] = [];
  readonly board: Board;
  /** Transfers made on the reader bus (plugged or not). */
  spiTransfers = 0;
  private readerBus: SpiBus | undefined;

  constructor(options?: SimBoardOptions) {
    const o = options || {};
    this.clock = o.clock || new SimClock();
    this.storage = o.storage || new SimStorage();
    this.watchdog = new SimWatchdog(this.clock);
    this.led = new SimRgbLed(this.clock);
    this.relay = new SimRelay(this.clock, o.relayDelayMs);
    this.pilot = new SimPilot(this.clock);
    this.meter = new SimMeter(this.clock, o.meterPulsesPerKWh);
    this.readerReset = new SimOutputPin(this.clock);
    const self = this;
    const echo = o.echo;
    const readerSpi: SpiBus = {
      transfer: function (tx: Uint8Array): Uint8Array {
        self.spiTransfers++;
        return self.readerBus ? self.readerBus.transfer(tx) : new Uint8Array(tx.length);
      },
    };
    this.board = {
      clock: this.clock,
      storage: this.storage,
      watchdog: this.watchdog,
      readerSpi: readerSpi,
      readerReset: this.readerReset,
      led: this.led,
      relay: this.relay.coil,
      relayFeedback: this.relay.feedback,
      pilotPwm: this.pilot.pwm,
      pilotSense: this.pilot.sense,
      meterPulses: this.meter.pin,
      log: function (line: string) {
        self.logLines.push(line);
        if (echo) echo(line);
      },
    };
  }

  /** Plugs a device model onto the reader bus (undefined unplugs it). */
  setReaderSpi(bus: SpiBus | undefined): void {
    this.readerBus = bus;
  }
}
