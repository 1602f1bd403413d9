import { FlashStorage } from "../hal/storage";

/**
 * What the unit tells whoever asks at its console: the simulator (`npm start`, scenarios) and
 * `npm run flash -- --status` call `CHARGER.status()` and get a small JSON-able object. The
 * composition root fills the sources it has and sets the global (firmware/main.ts); a source left
 * out is a field left out, so the report grows with the firmware.
 *
 * `changeConfiguration(key, value)` is the unit's local path to ChangeConfiguration (same checks,
 * same listeners), for a technician at the console and for the simulator when no backend is there.
 */
export interface StatusSources {
  firmwareVersion?: string;
  /** OCPP ChargePointStatus of connector 1, and its error code. */
  connectorStatus?: () => string;
  errorCode?: () => string;
  /** What the firmware drives the contactor to, and what its auxiliary contact reports. */
  relayCommand?: () => boolean;
  relayContact?: () => boolean;
  /** Connected to the Central System and registered. */
  online?: () => boolean;
  list?: { version(): number; count(): number };
  /** Transaction messages not yet delivered to the Central System. */
  queued?: () => number;
  /** idTagInfo status of the last decision, "None" before any. */
  lastAuth?: () => string;
  /** idTag of the last card read, "" if none yet. */
  lastCard?: () => string;
  faults?: () => string[];
  reader?: { chipVersion(): number; isHealthy(): boolean; healthDetail(): string };
  storage?: FlashStorage;
  energyWh?: () => number;
  transaction?: () => unknown;
  changeConfiguration?: (key: string, value: string) => string;
}

export interface ChargerConsole {
  status(): { [field: string]: unknown };
  changeConfiguration(key: string, value: string): string;
}

function hex2(n: number): string {
  const s = (n & 0xff).toString(16).toUpperCase();
  return s.length < 2 ? "0" + s : s;
}

/** One call of each source; a source that throws shows as an error text in its field. */
export function chargerStatus(src: StatusSources): { [field: string]: unknown } {
  const out: { [field: string]: unknown } = {};
  const take = function (field: string, fn: () => unknown) {
    try {
      out[field] = fn();
    } catch (e) {
      out[field] = "error: " + ((e as any) && (e as any).message);
    }
  };
  if (src.firmwareVersion !== undefined) out.firmware = { version: src.firmwareVersion };
  const cs = src.connectorStatus;
  if (cs) take("status", function () { return cs(); });
  const ec = src.errorCode;
  if (ec) take("errorCode", function () { return ec(); });
  const rc = src.relayCommand;
  if (rc) take("relay", function () { return rc() ? "closed" : "open"; });
  const rk = src.relayContact;
  if (rk) take("contact", function () { return rk() ? "closed" : "open"; });
  const on = src.online;
  if (on) take("online", function () { return on(); });
  const list = src.list;
  if (list) take("list", function () { return { version: list.version(), entries: list.count() }; });
  const q = src.queued;
  if (q) take("queued", function () { return q(); });
  const la = src.lastAuth;
  if (la) take("lastAuth", function () { return la(); });
  const lc = src.lastCard;
  if (lc) take("lastCard", function () { return lc(); });
  const f = src.faults;
  if (f) take("faults", function () { return f(); });
  const r = src.reader;
  if (r) {
    take("reader", function () {
      const v = r.chipVersion();
      return { version: v ? "0x" + hex2(v) : "none", health: r.isHealthy() ? "ok" : "fault: " + r.healthDetail() };
    });
  }
  const st = src.storage;
  if (st) take("storage", function () { return { free: st.getFree() }; });
  const e = src.energyWh;
  if (e) take("energyWh", function () { return e(); });
  const tx = src.transaction;
  if (tx) take("transaction", function () { const t = tx(); return t === undefined ? null : t; });
  return out;
}

/** The object main.ts publishes as the global CHARGER. */
export function chargerConsole(src: StatusSources): ChargerConsole {
  return {
    status: function () {
      return chargerStatus(src);
    },
    changeConfiguration: function (key: string, value: string) {
      if (!src.changeConfiguration) return "NotSupported";
      return src.changeConfiguration(String(key), String(value));
    },
  };
}
