/**
 * Flash storage with the semantics of Espruino's `Storage` module.
 *
 * - Named files, names of 1..28 characters.
 * - A file has a fixed size, chosen when it is created. Bytes never written read as 0xFF.
 * - `write(name, data)` or `write(name, data, 0, size)` creates the file (size defaults to the data
 *   length). If a file of that name exists it is replaced: the old one becomes trash first, so a
 *   power cut in between can leave neither. (If the existing file has the same size and is still
 *   entirely unwritten, it is reused; if it already holds exactly `data`, nothing is written.)
 * - `write(name, data, offset)` with offset > 0 writes into the existing file. Only bytes still at
 *   0xFF may be written: flash cannot rewrite a byte without erasing the whole file.
 * - `erase(name)` turns the file into trash. Trash keeps its flash until `compact()`.
 * - A write with no room throws an Error with `code` "FULL". Nothing here compacts by itself.
 */
export interface FlashStorage {
  /** The file's bytes, read in place (a view of flash, not a copy; never modify it). */
  read(name: string): Uint8Array | undefined;
  write(name: string, data: Uint8Array | string, offset?: number, size?: number): void;
  erase(name: string): void;
  /** Names of live files, optionally only those starting with `prefix`. */
  list(prefix?: string): string[];
  /** Bytes available for new files (header included) without compacting. */
  getFree(): number;
  getStats(): StorageStats;
  /** Gives back the space held by trash. */
  compact(): void;
}

export interface StorageStats {
  totalBytes: number;
  freeBytes: number;
  fileBytes: number;
  fileCount: number;
  trashBytes: number;
  trashCount: number;
}

/** Bytes of flash a file header takes (as on Espruino: size word + 28-byte name). */
export const STORAGE_HEADER_BYTES = 32;
export const STORAGE_NAME_MAX = 28;
