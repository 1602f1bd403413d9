import { FlashStorage } from "../../hal/storage";
import { RecordFile } from "../persist/record-file";
import { codedError } from "../../hal/coded-error";

/**
 * OCPP 1.6 configuration keys (standard and vendor), typed, validated and persisted.
 * Values travel as strings on the wire (GetConfiguration/ChangeConfiguration); the firmware reads
 * them typed. Only values that differ from the defaults are stored, in one atomic RecordFile.
 */
export type SettingType = "bool" | "int" | "string" | "csl";
export type ChangeResult = "Accepted" | "Rejected" | "RebootRequired" | "NotSupported";

interface SettingDef {
  key: string;
  type: SettingType;
  /** "RW", "R" (read-only), "W" (write-only: never reported). */
  access: string;
  value: string;
  min?: number;
  max?: number;
}

function def(key: string, type: SettingType, access: string, value: string, min?: number, max?: number): SettingDef {
  return { key: key, type: type, access: access, value: value, min: min, max: max };
}

/** The keys this charger knows, with their defaults. */
function definitions(): SettingDef[] {
  return [
    def("AllowOfflineTxForUnknownId", "bool", "RW", "false"),
    def("AuthorizationCacheEnabled", "bool", "RW", "true"),
    def("AuthorizeRemoteTxRequests", "bool", "RW", "true"),
    def("ClockAlignedDataInterval", "int", "RW", "0", 0, 86400),
    def("ConnectionTimeOut", "int", "RW", "30", 1, 3600),
    def("ConnectorPhaseRotation", "csl", "RW", "0.Unknown,1.Unknown"),
    def("GetConfigurationMaxKeys", "int", "R", "50"),
    def("HeartbeatInterval", "int", "RW", "300", 0, 86400),
    def("LocalAuthListEnabled", "bool", "RW", "true"),
    def("LocalAuthListMaxLength", "int", "R", "0"),
    def("LocalAuthorizeOffline", "bool", "RW", "true"),
    def("LocalPreAuthorize", "bool", "RW", "false"),
    def("MeterValuesAlignedData", "csl", "RW", "Energy.Active.Import.Register"),
    def("MeterValuesSampledData", "csl", "RW", "Energy.Active.Import.Register"),
    def("MeterValueSampleInterval", "int", "RW", "60", 0, 86400),
    def("NumberOfConnectors", "int", "R", "1"),
    def("ResetRetries", "int", "RW", "3", 0, 100),
    def("SendLocalListMaxLength", "int", "R", "0"),
    def("StopTransactionOnEVSideDisconnect", "bool", "RW", "true"),
    def("StopTransactionOnInvalidId", "bool", "RW", "true"),
    def("StopTxnAlignedData", "csl", "RW", ""),
    def("StopTxnSampledData", "csl", "RW", ""),
    def("SupportedFeatureProfiles", "csl", "R", "Core,LocalAuthListManagement,RemoteTrigger"),
    def("TransactionMessageAttempts", "int", "RW", "3", 1, 100),
    def("TransactionMessageRetryInterval", "int", "RW", "60", 0, 86400),
    def("UnlockConnectorOnEVSideDisconnect", "bool", "R", "false"),
    def("WebSocketPingInterval", "int", "RW", "30", 0, 3600),
    def("AuthorizationKey", "string", "W", ""),
    // Vendor keys (PRODUCT.md)
    def("AuthorizationRequired", "bool", "RW", "true"),
    def("FreeVendIdTag", "string", "RW", "FREEVEND"),
    def("ServiceGroupIdTag", "string", "RW", "SERVICE"),
    def("MaxCurrent", "int", "RW", "16", 6, 51),
    def("ReaderPollInterval", "int", "RW", "100", 20, 2000),
    def("UnknownCardLockout", "int", "RW", "5", 0, 100),
  ];
}

function maxLenOf(d: SettingDef): number {
  if (d.key === "AuthorizationKey") return 40;
  if (d.key === "FreeVendIdTag" || d.key === "ServiceGroupIdTag") return 20;
  return 500;
}

function isIntText(s: string): boolean {
  if (s.length === 0 || s.length > 10) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 45 && i === 0 && s.length > 1) continue;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isPrintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

export interface SettingView {
  key: string;
  value: string;
  readonly: boolean;
}

export class Settings {
  private defs: SettingDef[];
  private values: { [key: string]: string } = {};
  private record: RecordFile;
  private listeners: ((key: string, value: string) => void)[] = [];
  /** Problems found when loading (bad stored values are dropped, defaults used). */
  problems: string[] = [];

  constructor(storage: FlashStorage) {
    this.defs = definitions();
    this.record = new RecordFile(storage, "settings");
  }

  /** Reads the stored values; a corrupt or invalid record falls back to defaults and is reported. */
  load(): void {
    this.values = {};
    this.problems = [];
    const stored = this.record.loadJson("settings", "defaults used", this.problems);
    if (!stored || typeof stored !== "object") return;
    for (const key in stored) {
      const d = this.find(key);
      const v = stored[key];
      if (!d || d.access === "R" || typeof v !== "string" || !this.valid(d, v)) {
        this.problems.push("settings: ignored stored value for " + key);
        continue;
      }
      this.values[key] = v;
    }
  }

  /** Calls `fn` after each accepted change (also for computed read-only updates). */
  onChange(fn: (key: string, value: string) => void): void {
    this.listeners.push(fn);
  }

  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  /** The key's own spelling for a name matched case-insensitively (OCPP keys are CiString50), or undefined. */
  keyNamed(name: string): string | undefined {
    const d = this.find(name);
    if (d) return d.key;
    const lower = name.toLowerCase();
    for (const x of this.defs) if (x.key.toLowerCase() === lower) return x.key;
    return undefined;
  }

  /** The value as OCPP text ("" for an unknown key). Write-only keys read here for the firmware itself. */
  text(key: string): string {
    const d = this.find(key);
    if (!d) return "";
    const v = this.values[d.key];
    return v === undefined ? d.value : v;
  }

  bool(key: string): boolean {
    return this.text(key) === "true";
  }

  int(key: string): number {
    return parseInt(this.text(key), 10) || 0;
  }

  /** GetConfiguration view of one key, undefined if unknown or write-only. */
  view(key: string): SettingView | undefined {
    const d = this.find(key);
    if (!d || d.access === "W") return undefined;
    return { key: d.key, value: this.text(d.key), readonly: d.access === "R" };
  }

  /** Every reportable key (GetConfiguration with no key list). */
  keys(): string[] {
    const out: string[] = [];
    for (const d of this.defs) if (d.access !== "W") out.push(d.key);
    return out;
  }

  /** ChangeConfiguration: validates, persists, then tells the listeners. */
  change(key: string, value: string): ChangeResult {
    const d = this.find(key);
    if (!d) return "NotSupported";
    if (d.access === "R") return "Rejected";
    const v = d.type === "bool" ? value.toLowerCase() : value;
    if (!this.valid(d, v)) return "Rejected";
    const before = this.values[d.key];
    if (v === d.value) delete this.values[d.key];
    else this.values[d.key] = v;
    try {
      this.record.save(JSON.stringify(this.values));
    } catch (e) {
      if (before === undefined) delete this.values[d.key];
      else this.values[d.key] = before;
      return "Rejected";
    }
    this.emit(d.key, v);
    return "Accepted";
  }

  /** Sets a read-only key the firmware computes (e.g. LocalAuthListMaxLength); not persisted. */
  setComputed(key: string, value: string): void {
    const d = this.find(key);
    if (!d || d.access !== "R") {
      throw codedError("KEY", "setComputed: not a read-only key: " + key);
    }
    d.value = value;
    this.emit(key, value);
  }

  private emit(key: string, value: string): void {
    for (const fn of this.listeners) fn(key, value);
  }

  private find(key: string): SettingDef | undefined {
    for (const d of this.defs) if (d.key === key) return d;
    return undefined;
  }

  private valid(d: SettingDef, v: string): boolean {
    if (v.length > maxLenOf(d) || !isPrintable(v)) return false;
    if (d.type === "bool") return v === "true" || v === "false";
    if (d.type === "int") {
      if (!isIntText(v)) return false;
      const n = parseInt(v, 10);
      if (d.min !== undefined && n < d.min) return false;
      if (d.max !== undefined && n > d.max) return false;
    }
    return true;
  }
}
