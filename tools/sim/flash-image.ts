// Node only: keeps a simulated unit's flash in a file between runs.
import * as fs from "fs";
import * as path from "path";
import { SimStorage, SimStorageOptions, ESP32_STORAGE_PAGES, ESP32_STORAGE_PAGE_SIZE } from "../../hal/sim/storage";

function imageError(code: string, message: string): Error {
  const e = new Error(message) as Error & { code: string };
  e.code = code;
  return e;
}

export function expectedImageBytes(options?: SimStorageOptions): number {
  const o = options || {};
  return (o.pages || ESP32_STORAGE_PAGES) * (o.pageSize || ESP32_STORAGE_PAGE_SIZE);
}

/** Writes the raw image; a temporary file and a rename, so a crash never leaves half an image. */
export function saveFlashImage(storage: SimStorage, file: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(tmp, storage.image());
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* nothing to clean up */ }
    throw imageError("IMAGE_WRITE", `cannot save flash image to ${file}: ${(e as Error).message}`);
  }
}

/** Loads an image saved by saveFlashImage; it must be exactly pages x pageSize bytes. */
export function loadFlashImage(file: string, options?: SimStorageOptions): SimStorage {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw imageError("IMAGE_READ", `cannot read flash image ${file}: ${(e as Error).message}`);
  }
  const o = options || {};
  const expected = expectedImageBytes(o);
  if (buf.length !== expected) {
    throw imageError("IMAGE_SIZE", `flash image ${file} is ${buf.length} bytes; expected ${expected} ` +
      `(${o.pages || ESP32_STORAGE_PAGES} pages of ${o.pageSize || ESP32_STORAGE_PAGE_SIZE} bytes)`);
  }
  return new SimStorage(o, new Uint8Array(buf));
}

/** The saved flash if the file exists, else a blank one (`created` says which). */
export function loadOrCreateFlashImage(file: string, options?: SimStorageOptions): { storage: SimStorage; created: boolean } {
  if (!fs.existsSync(file)) return { storage: new SimStorage(options), created: true };
  return { storage: loadFlashImage(file, options), created: false };
}
