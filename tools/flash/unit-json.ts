// What goes to the unit's Storage file `unit.json` (firmware/config/unit-file.ts reads it at boot):
// the whole checked configuration, secrets included. It is uploaded as its own file and never
// bundled into dist/firmware.js. The masked copy (secrets replaced) is what previews show.
import type { UnitConfig } from "../../firmware/config/unit-config";
import { UNIT_FILE } from "../../firmware/config/unit-file";

export { UNIT_FILE };

export const SECRET_MASK = "********";

/** Paths of the secret fields of a UnitConfig. */
export const SECRET_FIELDS = ["authorizationKey", "wifi.password", "consolePassword"];

export function unitJson(config: UnitConfig): string {
  return JSON.stringify(config);
}

/** The same JSON with each secret that is set replaced by SECRET_MASK. */
export function maskedUnitJson(config: UnitConfig): string {
  const copy = JSON.parse(JSON.stringify(config));
  for (const field of SECRET_FIELDS) {
    const parts = field.split(".");
    let owner = copy;
    for (let i = 0; i < parts.length - 1 && owner; i++) owner = owner[parts[i] as string];
    const last = parts[parts.length - 1] as string;
    if (owner && typeof owner[last] === "string" && owner[last] !== "") owner[last] = SECRET_MASK;
  }
  return JSON.stringify(copy);
}

/** The secret values set in a config (to check they appear nowhere they should not). */
export function secretValues(config: UnitConfig): string[] {
  const out: string[] = [];
  if (config.authorizationKey) out.push(config.authorizationKey);
  if (config.wifi && config.wifi.password) out.push(config.wifi.password);
  if (config.consolePassword) out.push(config.consolePassword);
  return out;
}
