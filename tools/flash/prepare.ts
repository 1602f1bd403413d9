// Before the upload. The CLI's upload starts with reset(), which stops the firmware, and with it the
// firmware's watchdog kicks (hal/espruino/watchdog.ts runs it in manual mode). On a chip whose
// watchdog works and cannot be stopped, the unit would reboot half-way through a long upload and then
// boot half-written code. So, right before uploading, the watchdog is put in automatic mode: Espruino
// kicks it from its idle loop, and that setting survives reset() and load() (JSIS_WATCHDOG_AUTO is
// kept on a soft init) until the new firmware enables its own at boot.

export const READY_MARKER = "FLASHREADY:";
/** Timeout given to E.enableWatchdog (ignored by chips whose timeout is fixed once started). */
export const UPLOAD_WATCHDOG_S = 30;

/** Device-side JS for `espruino -e`. */
export function prepareExpression(): string {
  return `E.enableWatchdog(${UPLOAD_WATCHDOG_S},true);print("${READY_MARKER.slice(0, 5)}"+"${READY_MARKER.slice(5)}"+1);`;
}

export function isReady(lines: string[]): boolean {
  return lines.some((l) => l.includes(READY_MARKER + "1"));
}
