// npm run bench -- allowlist: the flash Local Authorization List on the simulated ESP32 flash
// (224 x 4 KiB), next to a 60 KB firmware and the other files, against two JSON baselines run on
// the same simulated flash (tools/bench/baselines/json-allowlist.ts).
import { SimStorage } from "../../../hal/sim/storage";
import { Metric } from "../metric";
import { FlashLocalAuthList } from "../../../firmware/allowlist/flash-local-list";
import { FlashAuthorizationCache } from "../../../firmware/auth-cache/flash-authorization-cache";
import { RecordFile } from "../../../firmware/persist/record-file";
import { AuthorizationData } from "../../../firmware/authorization/local-list";
import { JsonFileList } from "../baselines/json-allowlist";

/** Entries per SendLocalList message (SendLocalListMaxLength) used to send big lists in chunks. */
const CHUNK = 100;
const PARENTS = 10;

/** A 7-byte card UID (14 hex digits) for number i; distinct for distinct i. */
function uid(i: number): string {
  return "04" + ((i * 2654435761) >>> 0).toString(16).padStart(8, "0").toUpperCase() + (i >>> 16 & 0xff).toString(16).padStart(2, "0").toUpperCase() + "80";
}

function cards(from: number, to: number): AuthorizationData[] {
  const out: AuthorizationData[] = [];
  for (let i = from; i < to; i++) out.push({ idTag: uid(i), idTagInfo: { status: "Accepted", parentIdTag: "FLEET-" + (i % PARENTS) } });
  return out;
}

interface Lister {
  update(v: number, t: "Full" | "Differential", e: AuthorizationData[]): string;
}

/** Sends cards [from, from + n) as OCPP does: a Full first chunk, then Differentials. Returns how many landed. */
function sendList(list: Lister, from: number, n: number, version: number): { sent: number; version: number } {
  let v = version;
  let sent = 0;
  let chunk = CHUNK;
  while (sent < n) {
    const size = Math.min(chunk, n - sent);
    const r = list.update(v + 1, sent === 0 ? "Full" : "Differential", cards(from + sent, from + sent + size));
    if (r !== "Accepted") {
      // Full: find the exact limit with smaller chunks.
      if (chunk === 1 || sent === 0) break;
      chunk = chunk >> 1;
      continue;
    }
    v++;
    sent += size;
  }
  return { sent: sent, version: v };
}

/** The default board's flash with the firmware and the other files already on it. */
function board(): SimStorage {
  const s = new SimStorage();
  s.write(".bootcde", new Uint8Array(60 * 1024).fill(0x20));
  const config = new RecordFile(s, "unit");
  config.save(JSON.stringify({ AuthorizationRequired: true, HeartbeatInterval: 300, MaxCurrent: 16, ServiceGroupIdTag: "SERVICE" }));
  config.save(JSON.stringify({ AuthorizationRequired: true, HeartbeatInterval: 300, MaxCurrent: 32, ServiceGroupIdTag: "SERVICE" }));
  s.write("txq", new Uint8Array(0), 0, 8192); // transaction queue, as the OCPP layer would size it
  new FlashAuthorizationCache(s).remember("DEADBEEF", { status: "Accepted" });
  return s;
}

function flashWritten(s: SimStorage): number {
  return s.counters.bytesWritten + s.counters.bytesMoved;
}

function capacityFigures(): Metric[] {
  // Ours: fill until the store says Failed, then check the whole list can be replaced.
  const s = board();
  const list = new FlashLocalAuthList(s);
  const fill = sendList(list, 0, 1 << 30, 0);
  const filled = list.count();
  const bytes = list.flashBytes();
  const replaced = sendList(list, 10_000_000, filled, fill.version);
  if (replaced.sent !== filled || list.count() !== filled || list.lookup(uid(10_000_000 + filled - 1)) === undefined) {
    throw new Error("a list of " + filled + " could not be replaced in full (" + replaced.sent + " sent)");
  }
  // Baseline: the same cards as one compact JSON file rewritten on each update (as MicroOcpp does).
  const bs = board();
  const json = new JsonFileList(bs, "rewrite");
  sendList(json, 0, 1 << 30, 0);
  const jsonCount = json.count();
  const jsonBytes = json.fileBytes();
  if (jsonBytes === 0) throw new Error("baseline lost its file");
  return [
    {
      id: "allowlist.capacity.esp32", value: filled, unit: "entries", baseline: jsonCount,
      baselineName: "JSON file rewritten per update (flash bound only; MicroOcpp holds it in RAM: default 48)",
      note: "capacity() " + list.capacity() + ", replaced in full afterwards; " + s.getFree() + " B free",
    },
    {
      id: "allowlist.bytes_per_entry", value: round(bytes / filled, 2), unit: "bytes", baseline: round(jsonBytes / jsonCount, 2),
      baselineName: "JSON file (MicroOcpp keys it/st/pi)", note: "all list files incl. 8 KiB journal, at " + filled + " entries",
    },
  ];
}

function round(v: number, digits: number): number {
  const f = Math.pow(10, digits);
  return Math.round(v * f) / f;
}

async function run(): Promise<Metric[]> {
  const out = capacityFigures();

  // A 10,000-card list, sent in chunks like a backend would.
  const s = board();
  const list = new FlashLocalAuthList(s);
  const built = sendList(list, 0, 10_000, 0);
  const bs = board();
  const scan = new JsonFileList(bs, "scan");
  sendList(scan, 0, 10_000, 0);

  // Records read per lookup, worst case over every listed card and as many unknown ones.
  let worst = 0;
  for (let i = 0; i < 10_000; i++) {
    for (const t of [uid(i), uid(50_000_000 + i)]) {
      const r = list.recordReads();
      list.lookup(t);
      worst = Math.max(worst, list.recordReads() - r);
    }
  }
  let scanWorst = 0;
  for (const t of [uid(9_999), uid(77_777_777)]) {
    const r = scan.recordsRead;
    scan.lookup(t);
    scanWorst = Math.max(scanWorst, scan.recordsRead - r);
  }
  const scanNote = scan.count() < 10_000 ? "; the scanned JSON file only held " + scan.count() + " (flash full)" : "";
  out.push({
    id: "allowlist.lookup.reads_10k", value: worst, unit: "records", baseline: scanWorst, baselineName: "JSON file read and scanned",
    note: "binary search + journal index probe" + scanNote,
  });

  // Microseconds per lookup in Node (machine-dependent; compare within the run).
  const tags: string[] = [];
  for (let i = 0; i < 20_000; i++) tags.push(i % 2 ? uid(i >> 1).toLowerCase() : uid(90_000_000 + i));
  for (let i = 0; i < 2_000; i++) list.lookup(tags[i]!);
  let t0 = process.hrtime.bigint();
  for (const t of tags) list.lookup(t);
  const ours = Number(process.hrtime.bigint() - t0) / 1000 / tags.length;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < 40; i++) scan.lookup(tags[i]!);
  const theirs = Number(process.hrtime.bigint() - t0) / 1000 / 40;
  out.push({ id: "allowlist.lookup.node_us", value: round(ours, 2), unit: "us", baseline: round(theirs, 1), baselineName: "JSON file read and scanned" });

  // One-card differential updates on the 10,000-card list, amortized over 1,000 (compactions included).
  let w0 = flashWritten(s);
  const programmed0 = s.counters.bytesWritten;
  let v = built.version;
  for (let i = 0; i < 1000; i++) {
    const k = (i * 7919) % 10_000;
    const e: AuthorizationData = i % 3 === 0 ? { idTag: uid(k) } : { idTag: uid(i % 3 === 1 ? k : 20_000_000 + i), idTagInfo: { status: i % 2 ? "Blocked" : "Accepted", parentIdTag: "FLEET-" + (i % PARENTS) } };
    if (list.update(++v, "Differential", [e]) !== "Accepted") throw new Error("differential " + i + " refused");
  }
  const diff1 = (flashWritten(s) - w0) / 1000;
  const diff1Programmed = (s.counters.bytesWritten - programmed0) / 1000;
  const rs = board();
  const rewrite = new JsonFileList(rs, "rewrite");
  let rv = sendList(rewrite, 0, 10_000, 0).version;
  w0 = flashWritten(rs);
  const baselineUpdates = 25;
  for (let i = 0; i < baselineUpdates; i++) rewrite.update(++rv, "Differential", [{ idTag: uid(20_000_000 + i), idTagInfo: { status: "Accepted" } }]);
  const diff1Base = (flashWritten(rs) - w0) / baselineUpdates;
  out.push({
    id: "allowlist.diff1.bytes_written", value: round(diff1, 1), unit: "bytes", baseline: round(diff1Base, 0),
    baselineName: "JSON file rewritten per update (MicroOcpp)",
    note: "at 10,000 entries, incl. flash compaction moves (" + round(diff1Programmed, 1) + " without); baseline over " + baselineUpdates + " updates",
  });

  // Replacing the 10,000 cards in full (Full + Differential chunks of 100), compaction moves included.
  w0 = flashWritten(s);
  const full = sendList(list, 30_000_000, 10_000, v);
  if (full.sent !== 10_000 || list.count() !== 10_000) throw new Error("full replacement refused");
  const fullOurs = flashWritten(s) - w0;
  w0 = flashWritten(rs);
  sendList(rewrite, 30_000_000, 10_000, rv);
  const fullBase = flashWritten(rs) - w0;
  out.push({
    id: "allowlist.full10k.bytes_written", value: fullOurs, unit: "bytes", baseline: fullBase,
    baselineName: "JSON file rewritten per update (MicroOcpp)", note: "in chunks of " + CHUNK + " (Full, then Differential); incl. compaction moves",
  });
  return out;
}

export { run };
