// Node only. Puts what a unit holds before it boots into its flash, with the firmware's own code so
// the formats are exactly the firmware's: unit.json (as `npm run flash` writes it), configuration
// keys (firmware/config/settings.ts, as ChangeConfiguration stores them) and the Local
// Authorization List (firmware/allowlist/, as SendLocalList stores it).
import { FlashLocalAuthList } from "../../firmware/allowlist/flash-local-list";
import { IdTagInfo } from "../../firmware/authorization/id-tag-info";
import { AuthorizationData } from "../../firmware/authorization/local-list";
import { Settings } from "../../firmware/config/settings";
import { UnitConfig } from "../../firmware/config/unit-config";
import { UNIT_FILE, saveUnitConfig } from "../../firmware/config/unit-file";
import { LOCAL_LIST_RESERVE_BYTES } from "../../firmware/ocpp-charger";
import { FlashStorage } from "../../hal/storage";

/** The list store as the firmware opens it (firmware/ocpp-charger.ts), so capacity answers match. */
function openList(storage: FlashStorage): FlashLocalAuthList {
  return new FlashLocalAuthList(storage, { reserveBytes: LOCAL_LIST_RESERVE_BYTES });
}

/** A flat list entry, as scenario files write them. */
export interface FlatListEntry {
  idTag: string;
  status: string;
  expiryDate?: string;
  parentIdTag?: string;
}

/** An OCPP AuthorizationData object, as a Central System sends it (dates as ISO text). */
export interface WireAuthorizationData {
  idTag: string;
  idTagInfo?: { status: string; expiryDate?: string; parentIdTag?: string };
}

export function flatToWire(e: FlatListEntry): WireAuthorizationData {
  const info: { status: string; expiryDate?: string; parentIdTag?: string } = { status: e.status };
  if (e.expiryDate !== undefined) info.expiryDate = e.expiryDate;
  if (e.parentIdTag !== undefined) info.parentIdTag = e.parentIdTag;
  return { idTag: e.idTag, idTagInfo: info };
}

/** The firmware's form of an entry: expiry in epoch seconds. */
export function wireToFirmware(e: WireAuthorizationData): AuthorizationData {
  if (!e.idTagInfo) return { idTag: e.idTag };
  const info: IdTagInfo = { status: e.idTagInfo.status as IdTagInfo["status"] };
  if (e.idTagInfo.expiryDate !== undefined) {
    const ms = Date.parse(e.idTagInfo.expiryDate);
    if (Number.isNaN(ms)) throw new Error(`local list: ${e.idTag}: expiryDate "${e.idTagInfo.expiryDate}" is not a date`);
    info.expiresAt = Math.floor(ms / 1000);
  }
  if (e.idTagInfo.parentIdTag !== undefined) info.parentIdTag = e.idTagInfo.parentIdTag;
  return { idTag: e.idTag, idTagInfo: info };
}

/** Writes unit.json unless it already holds exactly this configuration. */
export function writeUnitFile(storage: FlashStorage, unit: UnitConfig): void {
  const current = storage.read(UNIT_FILE);
  if (current && Buffer.from(current).toString("latin1") === JSON.stringify(unit)) return;
  saveUnitConfig(storage, unit);
}

/** Sets configuration keys in the unit's stored settings; a value the firmware refuses is an error. */
export function writeConfig(storage: FlashStorage, config: { [key: string]: string }): void {
  const settings = new Settings(storage);
  settings.load();
  for (const key of Object.keys(config)) {
    const value = config[key] as string;
    const result = settings.change(key, value);
    if (result !== "Accepted") throw new Error(`config ${key}=${value}: the firmware's settings answer ${result}`);
  }
}

/** Replaces the unit's Local Authorization List (a Full update), as SendLocalList would. */
export function writeLocalList(storage: FlashStorage, listVersion: number, entries: FlatListEntry[]): void {
  const list = openList(storage);
  const result = list.update(listVersion, "Full", entries.map((e) => wireToFirmware(flatToWire(e))));
  if (result !== "Accepted") throw new Error(`local list version ${listVersion}: the firmware's list store answers ${result}`);
}

/** The list as the unit holds it (version and entry count), read with the firmware's code. */
export function readLocalList(storage: FlashStorage): { version: number; entries: number; health: string } {
  const list = openList(storage);
  return { version: list.version(), entries: list.count(), health: list.health().state };
}
