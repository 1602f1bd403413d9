// `--factory-reset`: before the upload, erase every Storage file on the unit except `.bootcde` (the
// code, replaced right after) and `unit.json` (the settings, replaced right after), then compact.
// That removes the allowlist, the authorization cache, the transaction queue, the OCPP configuration
// keys and anything else the firmware or an earlier program stored (a `save()` image `.varimg`,
// `.boot0` files, Wi-Fi settings kept in Storage). Keeping the two files means a failed upload
// after the erase still leaves a unit that boots. A plain flash never erases anything.
export const ERASE_MARKER = "FLASHERASED:";
export const KEPT_FILES = [".bootcde", "unit.json"];

/**
 * Device-side JS for `espruino -e`: `reset()` first (a line of its own, which the CLI gives 250 ms)
 * so the firmware is no longer running and cannot write a file back, then the erase, then a count.
 */
export function eraseExpression(): string {
  const marker = `"${ERASE_MARKER.slice(0, 5)}"+"${ERASE_MARKER.slice(5)}"`;
  return "reset();\n" +
    "(function(){var S=require(\"Storage\"),k=" + JSON.stringify(KEPT_FILES) + ",n=0;" +
    "S.list().forEach(function(f){if(k.indexOf(f)<0){S.erase(f);n++;}});S.compact();" +
    `print(${marker}+n);})()`;
}

/** Files erased, from the CLI's device lines; undefined if the unit never confirmed. */
export function parseErased(lines: string[]): number | undefined {
  for (const line of lines) {
    const at = line.indexOf(ERASE_MARKER);
    if (at >= 0) {
      const n = parseInt(line.slice(at + ERASE_MARKER.length), 10);
      if (n >= 0) return n;
    }
  }
  return undefined;
}

export function confirmationQuestion(port: string, chargePointId: string): string {
  return `--factory-reset erases the allowlist, the authorization cache, unsent transactions and the OCPP ` +
    `settings on the unit at ${port}. Type the unit's chargePointId (${chargePointId}) to confirm: `;
}

export function confirmed(answer: string, chargePointId: string): boolean {
  return answer.trim() === chargePointId;
}
