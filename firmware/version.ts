/**
 * The firmware's version, as `npm run flash` reports it after flashing and `--status` shows it.
 * Kept equal to package.json's version (a test checks it).
 */
export const FIRMWARE_VERSION = "0.1.0";
