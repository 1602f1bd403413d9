import { Board, pilotSenseToVolts } from "../hal/board";
import { Cancel } from "../hal/clock";
import { AuthorizationCache } from "./authorization/authorization-cache";
import { LocalAuthList } from "./authorization/local-list";
import { FlashLocalAuthList } from "./allowlist/flash-local-list";
import { FlashAuthorizationCache } from "./auth-cache/flash-authorization-cache";
import { Settings } from "./config/settings";
import { Checksum } from "./persist/checksum";
import { Contactor } from "./contactor/contactor";
import { Indication, indicationLabel } from "./indication/indication";
import { LedDriver } from "./indication/led-driver";
import { S0Meter } from "./metering/s0-meter";
import { PILOT_SAMPLE_MS, PilotDebouncer, pilotDutyFor } from "./pilot/pilot-sense";
import { CardReader } from "./reader/card-reader";
import { ReaderListener } from "./reader/reader-events";
import { Backend } from "./session/backend";
import { ChargingSession } from "./session/charging-session";
import { OfflineBackend } from "./session/offline-backend";
import { Policy, policyFromSettings } from "./session/policy";
import { SessionStore } from "./session/session-store";
import { WallClock } from "./time/wall-clock";

/** A running card reader (the driver polls on its own timers); the MFRC522 driver also reports its chip. */
export interface ReaderHandle {
  stop(): void;
  chipVersion?(): number;
  isHealthy?(): boolean;
  healthDetail?(): string;
}
export type ReaderStarter = (board: Board, listener: ReaderListener, pollMs: number) => ReaderHandle;

/** The MFRC522 on the board's reader bus, released from reset (NRSTPD high) and polling. */
export function startCardReader(board: Board, listener: ReaderListener, pollMs: number): ReaderHandle {
  board.readerReset.write(true);
  const reader = new CardReader(board.readerSpi, board.clock, listener, { pollMs: pollMs, resetPin: board.readerReset });
  reader.start();
  return reader;
}

export interface ChargerOptions {
  /** Loaded settings (default: read from the board's storage). */
  settings?: Settings;
  backend?: Backend;
  /** The Local Authorization List (default: the flash store on the board's storage). */
  localList?: LocalAuthList;
  /** The Authorization Cache (default: the flash cache on the board's storage). */
  cache?: AuthorizationCache;
  /** The interpreter's native CRC-32 for the flash stores (default: JavaScript). */
  checksum?: Checksum;
  wallClock?: WallClock;
  /** S0 meter constant (default 1000 pulses/kWh). */
  pulsesPerKWh?: number;
  /** Starts the card reader on the board (default: the MFRC522 driver, startCardReader). */
  startReader?: ReaderStarter;
  /** What a reset does (device: reboot the interpreter; simulator: power-cycle the unit). */
  reboot?: (hard: boolean) => void;
  watchdogTimeoutMs?: number;
}

/** A plain snapshot of the charger, for consoles, status commands and the simulator. */
export interface ChargerStatus {
  status: string;
  errorCode: string;
  relay: boolean;
  /** "off" or "color/pattern". */
  light: string;
  online: boolean;
  lastAuth: string;
  vehicle: string;
  readerOk: boolean;
  transaction?: { ref: number; idTag: string; transactionId?: number; meterStart: number };
  energyWh: number;
  /** The Local Authorization List: version and number of entries. */
  list: { version: number; entries: number };
  /** idTag of the last card read, "" before any. */
  lastCard: string;
  /** The reader chip: VersionReg ("0x92", "none" before it answered) and health ("ok" or "fault: ..."). */
  reader: { version: string; health: string };
  /** Latched or standing faults, in words ([] when none). */
  faults: string[];
}

function hexByte(n: number): string {
  const h = (n & 0xff).toString(16).toUpperCase();
  return "0x" + (h.length < 2 ? "0" + h : h);
}

export interface ChargerHandle {
  session: ChargingSession;
  settings: Settings;
  wallClock: WallClock;
  localList: LocalAuthList;
  cache: AuthorizationCache;
  /** The session's side of the reader (what a reader driver reports to). */
  readerListener: ReaderListener;
  relayCommand(): boolean;
  light(): Indication;
  status(): ChargerStatus;
  energyWh(): number;
  /** Stops everything the firmware runs (a power cut or a hang, as the board sees it). */
  halt(): void;
}

export const WATCHDOG_TIMEOUT_MS = 3000;
export const DEFAULT_PULSES_PER_KWH = 1000;

/**
 * The charger on a board: the composition used by the device main and by the simulator.
 * Boot order: relay open, light off, pilot without PWM; the session record is read; once the
 * pilot has settled the session knows its state and the outputs follow the rules.
 */
export function startCharger(board: Board, options?: ChargerOptions): ChargerHandle {
  const o = options || {};
  const clock = board.clock;
  const log = function (line: string) {
    board.log(line);
  };
  const settings = o.settings || new Settings(board.storage);
  if (!o.settings) settings.load();
  for (let i = 0; i < settings.problems.length; i++) log(settings.problems[i] as string);

  let policy: Policy = policyFromSettings(settings);
  const backend = o.backend || new OfflineBackend();
  const wallClock = o.wallClock || new WallClock(board.clock);
  const localList = o.localList || new FlashLocalAuthList(board.storage, { clock: wallClock, checksum: o.checksum });
  const cache = o.cache || new FlashAuthorizationCache(board.storage, { clock: wallClock, checksum: o.checksum, localList: localList,
    enabled: settings.bool("AuthorizationCacheEnabled") });
  cache.setEnabled(settings.bool("AuthorizationCacheEnabled"));

  const store = new SessionStore(board.storage);
  const record = store.load();
  for (let i = 0; i < store.problems.length; i++) log(store.problems[i] as string);

  let session: ChargingSession | undefined;
  const contactor = new Contactor(board.relay, board.relayFeedback, clock, {
    feedbackChanged: function (closed: boolean) {
      if (session) session.feedbackChanged(closed);
    },
    weldDetected: function () {
      if (session) session.weldDetected();
    },
  });
  const led = new LedDriver(board.led, clock);
  board.pilotPwm.setDuty(1);
  let pilotDuty = 1;
  const meter = new S0Meter(board.meterPulses, o.pulsesPerKWh || DEFAULT_PULSES_PER_KWH, record ? record.savedWh : 0);

  let halted = false;
  let reader: ReaderHandle | undefined;
  let loop: Cancel | undefined;
  const halt = function () {
    if (halted) return;
    halted = true;
    if (loop) loop();
    contactor.stop();
    meter.stop();
    led.stop();
    if (reader) reader.stop();
    if (session) session.halt();
  };

  const s = new ChargingSession({
    clock: clock,
    backend: backend,
    store: store,
    list: localList,
    cache: cache,
    policy: function () {
      return policy;
    },
    energyWh: function () {
      return meter.wh();
    },
    epochMs: function () {
      return wallClock.nowEpochMs();
    },
    outputs: {
      relay: function (closed: boolean) {
        contactor.command(closed);
      },
      pilot: function (amps: number) {
        const duty = pilotDutyFor(amps);
        if (duty !== pilotDuty) {
          pilotDuty = duty;
          board.pilotPwm.setDuty(duty);
        }
      },
      light: function (ind: Indication) {
        led.show(ind);
      },
    },
    log: log,
    reboot: function (hard: boolean) {
      log("charger: reset (" + (hard ? "hard" : "soft") + ")");
      halt();
      if (o.reboot) o.reboot(hard);
    },
  }, record);
  session = s;

  backend.attach(s);
  s.onlineChanged(backend.isOnline());

  let lastCard = "";
  const readerListener: ReaderListener = {
    cardPresented: function (idTag: string) {
      lastCard = idTag;
      s.cardPresented(idTag);
    },
    cardRemoved: function () {},
    healthChanged: function (healthy: boolean, detail: string) {
      log("reader: " + (healthy ? "healthy" : "fault: " + detail));
      s.readerHealth(healthy);
    },
  };

  const startReader = o.startReader || startCardReader;
  settings.onChange(function (key: string) {
    policy = policyFromSettings(settings);
    if (key === "AuthorizationCacheEnabled") cache.setEnabled(settings.bool(key));
    if (key === "ReaderPollInterval" && reader && !halted) {
      reader.stop();
      reader = startReader(board, readerListener, settings.int("ReaderPollInterval"));
    }
    s.configurationChanged();
  });

  // The main loop: pilot sampling (the session learns its state from the first settled reading)
  // and the watchdog kick. If this loop stops running, the watchdog resets the unit.
  const pilot = new PilotDebouncer();
  let booted = false;
  board.watchdog.enable(o.watchdogTimeoutMs || WATCHDOG_TIMEOUT_MS);
  loop = board.clock.every(PILOT_SAMPLE_MS, function () {
    board.watchdog.kick();
    if (!pilot.sample(pilotSenseToVolts(board.pilotSense.read()))) return;
    const v = pilot.state();
    if (v === undefined) return;
    if (!booted) {
      booted = true;
      s.boot(record, v, contactor.feedbackClosed());
    } else {
      s.vehicleChanged(v);
    }
  });

  reader = startReader(board, readerListener, settings.int("ReaderPollInterval"));

  return {
    session: s,
    settings: settings,
    wallClock: wallClock,
    localList: localList,
    cache: cache,
    readerListener: readerListener,
    relayCommand: function () {
      return contactor.isCommandedClosed();
    },
    light: function () {
      return s.indication();
    },
    status: function (): ChargerStatus {
      const st = s.snapshot();
      const tx = s.transaction();
      const r = reader;
      const faults: string[] = [];
      if (st.weldLatched) faults.push("relay contact welded");
      if (st.internalFault) faults.push("internal error");
      if (!st.readerOk) faults.push("card reader");
      if (st.vehicle === "E" || st.vehicle === "F") faults.push("control pilot " + st.vehicle);
      const version = r && r.chipVersion ? r.chipVersion() : 0;
      let health = st.readerOk ? "ok" : "fault";
      if (r && r.isHealthy && r.healthDetail) health = r.isHealthy() ? "ok" : "fault: " + r.healthDetail();
      return {
        status: s.status(),
        errorCode: s.errorCode(),
        relay: contactor.isCommandedClosed(),
        light: indicationLabel(s.indication()),
        online: st.online,
        lastAuth: s.lastDecision(),
        vehicle: st.vehicle,
        readerOk: st.readerOk,
        transaction: tx ? { ref: tx.ref, idTag: tx.idTag, transactionId: tx.transactionId, meterStart: tx.meterStart } : undefined,
        energyWh: Math.floor(meter.wh()),
        list: { version: localList.version(), entries: localList.count() },
        lastCard: lastCard,
        reader: { version: version ? hexByte(version) : "none", health: health },
        faults: faults,
      };
    },
    energyWh: function () {
      return meter.wh();
    },
    halt: halt,
  };
}
