// Node only. The cards of `npm start`: what the local Central System knows about each one (its answer
// and the list it pushes to the charger), and what a newcomer should expect when tapping it.
import { CentralSystemOptions, IdTagStatus } from "./central-system";

export interface PresetCard {
  key: string;
  uid: string;
  /** What it is, in a few words. */
  label: string;
  /** What should happen, shown next to it. */
  expect: string;
  /** The Central System's answer to Authorize/StartTransaction (absent: Invalid). */
  backend?: IdTagStatus;
  /** The entry pushed in the Local Authorization List (absent: not listed). */
  listed?: { status: IdTagStatus; parentIdTag?: string };
}

/** The group the two family cards share, and the default ServiceGroupIdTag. */
export const FAMILY_GROUP = "FAMILY";
export const SERVICE_GROUP = "SERVICE";
export const PRESET_LIST_VERSION = 1;

export const PRESET_CARDS: PresetCard[] = [
  { key: "1", uid: "A1B2C3D4", label: "listed card", expect: "Accepted", backend: "Accepted", listed: { status: "Accepted", parentIdTag: FAMILY_GROUP } },
  { key: "2", uid: "B10CB10C", label: "blocked card", expect: "Blocked (red flash)", backend: "Blocked", listed: { status: "Blocked" } },
  { key: "3", uid: "0BADCAFE", label: "unknown card", expect: "Invalid (red flash)" },
  { key: "4", uid: "5E5E5E5E", label: "service card", expect: "stops any session, clears a weld", backend: "Accepted", listed: { status: "Accepted", parentIdTag: SERVICE_GROUP } },
  { key: "5", uid: "04A1B2C3D4E5F6", label: "7-byte card, listed", expect: "Accepted", backend: "Accepted", listed: { status: "Accepted" } },
  { key: "6", uid: "A1B2C3D5", label: "same group as 1", expect: "Accepted; stops card 1's session", backend: "Accepted", listed: { status: "Accepted", parentIdTag: FAMILY_GROUP } },
  { key: "7", uid: "C0FFEE00", label: "backend only", expect: "Accepted online; offline: refused", backend: "Accepted" },
  { key: "8", uid: "0102030405060708090A", label: "10-byte card, backend only", expect: "Accepted online", backend: "Accepted" },
];

/** The local Central System's knowledge: idTags it accepts or refuses, and the list it pushes. */
export function presetCentralSystem(): Pick<CentralSystemOptions, "idTags" | "pushList"> {
  const idTags: { [idTag: string]: IdTagStatus } = {};
  const entries: NonNullable<CentralSystemOptions["pushList"]>["entries"] = [];
  for (const c of PRESET_CARDS) {
    if (c.backend) idTags[c.uid] = c.backend;
    if (c.listed) entries.push({ idTag: c.uid, idTagInfo: Object.assign({ status: c.listed.status }, c.listed.parentIdTag ? { parentIdTag: c.listed.parentIdTag } : {}) });
  }
  return { idTags, pushList: { listVersion: PRESET_LIST_VERSION, entries } };
}
