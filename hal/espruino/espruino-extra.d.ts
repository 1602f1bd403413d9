// What @types/espruino lacks and this firmware uses. Only hal/espruino/** and composition roots
// (firmware/main.ts, tools/device-bench/main.ts) may use these globals.

declare function setTimeout(fn: () => void, ms: number): number;
declare function setInterval(fn: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare function clearInterval(id: number): void;
declare function print(...text: any[]): void;

declare var console: { log(...text: any[]): void };

interface EspruinoMemory {
  free: number;
  usage: number;
  total: number;
  history: number;
  gc: number;
  gctime: number;
  blocksize: number;
}
declare var process: { memory(gc?: boolean): EspruinoMemory; env: { VERSION: string; BOARD?: string; MODULES?: string } };

declare namespace E {
  function on(event: "init" | "kill", fn: () => void): void;
  function getSizeOf(v: any, depth?: number): number;
  function enableWatchdog(timeoutSeconds: number, isAuto?: boolean): void;
  function kickWatchdog(): void;
  function setPassword(password: string | undefined): void;
  function lockConsole(): void;
  /** CRC-32 (IEEE) of the data, each element taken as a byte; unsigned. */
  function CRC32(data: string | ArrayLike<number> | ArrayBuffer): number;
}

declare module "Storage" {
  function read(name: string, offset?: number, length?: number): string | undefined;
  function readArrayBuffer(name: string): ArrayBuffer | undefined;
  function readJSON(name: string, noExceptions?: boolean): any;
  function write(name: string, data: string | Uint8Array | ArrayBuffer, offset?: number, size?: number): boolean;
  function writeJSON(name: string, data: any): boolean;
  function erase(name: string): void;
  function eraseAll(): void;
  function list(regex?: RegExp, filter?: { sf?: boolean }): string[];
  function getFree(): number;
  function getStats(): { totalBytes: number; freeBytes: number; fileBytes: number; fileCount: number; trashBytes: number; trashCount: number };
  function compact(): void;
}

declare function require(module: "Storage"): typeof import("Storage");
declare function require(module: string): any;
