// On-device benchmark section for the flash allowlist. Device code: it runs on the interpreter
// (tools/device-bench/main.ts passes the real Storage, a ms clock and a memory probe) and in Node
// on SimStorage. It uses its own file prefix, so the unit's real list is never touched.
import { FlashStorage } from "../../hal/storage";
import { AuthorizationData } from "../../firmware/authorization/local-list";
import { FlashLocalAuthList } from "../../firmware/allowlist/flash-local-list";
import { Checksum } from "../../firmware/persist/checksum";

export type Report = (id: string, value: number, unit: string) => void;

export interface AllowlistBenchOptions {
  storage: FlashStorage;
  report: Report;
  /** Milliseconds (any origin), e.g. Date.now or getTime()*1000. */
  nowMs: () => number;
  /** Free interpreter variables (process.memory().free on a device). */
  freeVars?: () => number;
  /** The interpreter's native CRC-32 (function (b) { return E.CRC32(b); }); JavaScript otherwise. */
  checksum?: Checksum;
  /** List sizes to build and measure (default 1,000 then 10,000). */
  sizes?: number[];
  /** Entries per update message (default 100). */
  chunk?: number;
  /** Lookups timed per size (default 200). */
  lookups?: number;
}

const PREFIX = "bl";
const HEX = "0123456789ABCDEF";

function hex(v: number, digits: number): string {
  let s = "";
  for (let i = digits - 1; i >= 0; i--) s += HEX.charAt(Math.floor(v / Math.pow(16, i)) % 16);
  return s;
}

/** A 7-byte UID for card number i (distinct for distinct i). */
function benchUid(i: number): string {
  return "04" + hex((i * 40503 + 12345) % 65536, 4) + hex(i, 8);
}

function chunkOf(from: number, to: number): AuthorizationData[] {
  const out: AuthorizationData[] = [];
  for (let i = from; i < to; i++) out.push({ idTag: benchUid(i), idTagInfo: { status: "Accepted", parentIdTag: "FLEET-" + (i % 10) } });
  return out;
}

function removeBenchFiles(storage: FlashStorage): void {
  const names = storage.list(PREFIX + ".");
  for (let i = 0; i < names.length; i++) storage.erase(names[i] as string);
}

/** Builds lists of the given sizes (sent in chunks as OCPP does) and reports lookup speed and RAM. */
export function runAllowlistBench(o: AllowlistBenchOptions): void {
  const sizes = o.sizes || [1000, 10000];
  const chunk = o.chunk || 100;
  const lookups = o.lookups || 200;
  const storage = o.storage;
  removeBenchFiles(storage);
  let list = new FlashLocalAuthList(storage, { prefix: PREFIX, checksum: o.checksum, reserveBytes: 0 });
  let count = 0;
  let version = 0;
  for (let s = 0; s < sizes.length; s++) {
    const size = sizes[s] as number;
    const t0 = o.nowMs();
    while (count < size) {
      const n = Math.min(chunk, size - count);
      const r = list.update(version + 1, count === 0 ? "Full" : "Differential", chunkOf(count, count + n));
      if (r !== "Accepted") {
        o.report("device.allowlist.build_failed_at", count, "entries");
        removeBenchFiles(storage);
        return;
      }
      version++;
      count += n;
    }
    const tag = size >= 1000 && size % 1000 === 0 ? size / 1000 + "k" : String(size);
    o.report("device.allowlist.build_" + tag + "_ms", o.nowMs() - t0, "ms");

    // Reopen (as at boot), measuring the RAM the open store holds.
    const before = o.freeVars ? o.freeVars() : 0;
    const t1 = o.nowMs();
    list = new FlashLocalAuthList(storage, { prefix: PREFIX, checksum: o.checksum, reserveBytes: 0 });
    const openMs = o.nowMs() - t1;
    if (o.freeVars) {
      const after = o.freeVars();
      o.report("device.allowlist.free_vars_before_load_" + tag, before, "vars");
      o.report("device.allowlist.load_free_vars" + (s === sizes.length - 1 ? "" : "_" + tag), after, "vars");
      o.report("device.allowlist.load_vars_used_" + tag, before - after, "vars");
    }
    o.report("device.allowlist.open_" + tag + "_ms", openMs, "ms");

    // Lookups: half listed cards (any case), half unknown ones.
    let misses = 0;
    const reads0 = list.recordReads();
    const t2 = o.nowMs();
    for (let i = 0; i < lookups; i++) {
      const k = (i * 7919) % size;
      const found = i % 2 === 0 ? list.lookup(benchUid(k).toLowerCase()) : list.lookup(benchUid(size + 1000000 + i));
      if ((i % 2 === 0) !== (found !== undefined)) misses++;
    }
    const ms = (o.nowMs() - t2) / lookups;
    if (misses > 0) o.report("device.allowlist.wrong_answers_" + tag, misses, "count");
    o.report("device.allowlist.lookup_ms_" + tag, ms, "ms");
    o.report("device.allowlist.lookups_per_s_" + tag, ms > 0 ? 1000 / ms : 0, "1/s");
    o.report("device.allowlist.reads_per_lookup_" + tag, (list.recordReads() - reads0) / lookups, "records");
  }
  removeBenchFiles(storage);
}
