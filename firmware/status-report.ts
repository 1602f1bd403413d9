import { FlashStorage } from "../hal/storage";

/**
 * What the unit tells whoever asks at its console: the simulator (`npm start`, scenarios) and
 * `npm run flash -- --status` call `CHARGER.status()` and get a small JSON-able object: the
 * charger's own snapshot (startCharger's status(): status, errorCode, relay, light, online,
 * lastAuth, list, lastCard, reader, faults, transaction, energyWh...) plus what the composition
 * root knows (firmware version, free storage, queued transaction messages). A source left out is a
 * field left out, so the report grows with the firmware. main.ts publishes it as the global CHARGER.
 *
 * `changeConfiguration(key, value)` is the unit's local path to ChangeConfiguration (same checks,
 * same listeners), for a technician at the console and for the simulator when no backend is there.
 */
export interface ConsoleSources {
  /** The charger's snapshot. */
  charger: () => object;
  firmwareVersion?: string;
  storage?: FlashStorage;
  /** Transaction messages not yet delivered to the Central System. */
  queued?: () => number;
  /** Connected to the Central System and registered (overrides the charger's view if given). */
  online?: () => boolean;
  changeConfiguration?: (key: string, value: string) => string;
}

export interface ChargerConsole {
  status(): { [field: string]: unknown };
  changeConfiguration(key: string, value: string): string;
}

function errorText(e: unknown): string {
  return "error: " + ((e as any) && (e as any).message);
}

/** One call of each source; a source that throws shows as an error text in its field. */
export function consoleStatus(src: ConsoleSources): { [field: string]: unknown } {
  let out: { [field: string]: unknown };
  try {
    out = Object.assign({}, src.charger()) as { [field: string]: unknown };
  } catch (e) {
    out = { status: errorText(e) };
  }
  if (src.firmwareVersion !== undefined) out.firmware = { version: src.firmwareVersion };
  const st = src.storage;
  if (st) {
    try {
      out.storage = { free: st.getFree() };
    } catch (e) {
      out.storage = errorText(e);
    }
  }
  const q = src.queued;
  if (q) {
    try {
      out.queued = q();
    } catch (e) {
      out.queued = errorText(e);
    }
  }
  const on = src.online;
  if (on) {
    try {
      out.online = on();
    } catch (e) {
      out.online = errorText(e);
    }
  }
  return out;
}

/** The object main.ts publishes as the global CHARGER. */
export function chargerConsole(src: ConsoleSources): ChargerConsole {
  return {
    status: function () {
      return consoleStatus(src);
    },
    changeConfiguration: function (key: string, value: string) {
      if (!src.changeConfiguration) return "NotSupported";
      return src.changeConfiguration(String(key), String(value));
    },
  };
}
