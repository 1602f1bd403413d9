import { FlashStorage } from "../../hal/storage";
import { bytesToString } from "../persist/bytes";
import { CONSOLE_PASSWORD_MAX } from "./unit-config";
import { UNIT_FILE } from "./unit-file";

/** The part of Espruino's E this needs (E.setPassword, E.lockConsole). */
export interface ConsoleLocker {
  setPassword(password: string): void;
  lockConsole(): void;
}

function usablePassword(v: any): boolean {
  if (typeof v !== "string" || v.length < 1 || v.length > CONSOLE_PASSWORD_MAX) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

/**
 * The console password in unit.json, read on its own: a unit.json that fails validation for another
 * reason (a bad pin) still locks the console, since the allowlist and key it protects are in flash
 * either way. "" when there is none or it is unusable.
 */
export function consolePasswordFromUnitFile(storage: FlashStorage): string {
  const bytes = storage.read(UNIT_FILE);
  if (!bytes) return "";
  let value: any;
  try {
    value = JSON.parse(bytesToString(bytes, 0, bytes.length));
  } catch (e) {
    return "";
  }
  const pw = value && typeof value === "object" ? value.consolePassword : undefined;
  return usablePassword(pw) ? pw : "";
}

/**
 * Locks the console at boot when unit.json sets consolePassword, so a cable alone reads nothing
 * (Espruino then asks `password>`; `npm run flash` unlocks it). Espruino keeps the password in RAM
 * only, so this must run at every boot. Returns whether it locked.
 */
export function lockConsoleAtBoot(storage: FlashStorage, console: ConsoleLocker): boolean {
  const pw = consolePasswordFromUnitFile(storage);
  if (!pw) return false;
  console.setPassword(pw);
  console.lockConsole();
  return true;
}
