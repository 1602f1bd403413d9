import Storage = require("Storage");
import { FlashStorage, StorageStats } from "../storage";
import { codedError } from "../coded-error";

/**
 * Espruino's Storage module behind FlashStorage. Reads are views of memory-mapped flash.
 * Unlike SimStorage, Espruino may compact by itself when a write finds no room.
 */
export class EspruinoStorage implements FlashStorage {
  read(name: string): Uint8Array | undefined {
    const buf = Storage.readArrayBuffer(name);
    return buf ? new Uint8Array(buf) : undefined;
  }

  write(name: string, data: Uint8Array | string, offset?: number, size?: number): void {
    let ok = false;
    try {
      ok = Storage.write(name, data, offset, size);
    } catch (err) {
      const msg = err && (err as any).message ? (err as any).message : String(err);
      // Espruino throws this when no room is left even after compacting by itself
      if (msg.indexOf("Unable to find or create file") >= 0) throw codedError("FULL", "Storage.write('" + name + "'): no room (" + Storage.getFree() + " bytes free)");
      throw codedError("WRITE", "Storage.write('" + name + "'): " + msg);
    }
    if (!ok) throw codedError("FULL", "Storage.write('" + name + "') failed: no room (" + Storage.getFree() + " bytes free)");
  }

  erase(name: string): void {
    Storage.erase(name);
  }

  list(prefix?: string): string[] {
    const all = Storage.list(undefined, { sf: false });
    if (!prefix) return all;
    const out: string[] = [];
    for (let i = 0; i < all.length; i++) {
      const n = all[i] as string;
      if (n.indexOf(prefix) === 0) out.push(n);
    }
    return out;
  }

  getFree(): number {
    return Storage.getFree();
  }

  getStats(): StorageStats {
    return Storage.getStats();
  }

  compact(): void {
    Storage.compact();
  }
}
