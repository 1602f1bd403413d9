// Baselines for the allowlist benchmark, run on the same simulated flash as the real store:
//  - "scan": the list as one JSON file, read, parsed and scanned on every lookup (what Espruino
//    users commonly write: Storage.readJSON + Array.find);
//  - "rewrite": MicroOcpp's approach: the list in RAM (sorted, binary search), written to flash as
//    one compact JSON file (keys it/st/ed/pi) after every update.
import { FlashStorage } from "../../../hal/storage";
import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";
import { AuthorizationData, UpdateStatus } from "../../../firmware/authorization/local-list";

interface Row {
  it: string;
  st: string;
  ed?: number;
  pi?: string;
}

export type JsonStyle = "scan" | "rewrite";

export class JsonFileList {
  /** Records compared by lookups (the scan reads every record before the match). */
  recordsRead = 0;
  private rows: Row[] = [];
  private listVersion = 0;

  constructor(private readonly storage: FlashStorage, private readonly style: JsonStyle, private readonly name = "allowlist.json") {}

  update(listVersion: number, type: "Full" | "Differential", entries: AuthorizationData[]): UpdateStatus {
    if (type === "Differential" && listVersion <= this.listVersion) return "VersionMismatch";
    const map = new Map<string, Row>();
    if (type === "Differential") for (const r of this.rows) map.set(r.it.toUpperCase(), r);
    for (const e of entries) {
      const k = e.idTag.toUpperCase();
      if (!e.idTagInfo) map.delete(k);
      else map.set(k, toRow(e.idTag, e.idTagInfo));
    }
    const rows = [...map.values()].sort((a, b) => (a.it.toUpperCase() < b.it.toUpperCase() ? -1 : 1));
    const version = rows.length ? listVersion : 0;
    if (!this.save(rows, version)) return "Failed";
    this.rows = rows;
    this.listVersion = version;
    return "Accepted";
  }

  /** "scan": read + parse + scan the file; "rewrite": binary search in RAM (the list lives there). */
  lookup(idTag: string): IdTagInfo | undefined {
    const k = idTag.toUpperCase();
    if (this.style === "rewrite") {
      let lo = 0;
      let hi = this.rows.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = this.rows[mid]!;
        this.recordsRead++;
        const c = r.it.toUpperCase();
        if (c === k) return fromRow(r);
        if (c < k) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    }
    const b = this.storage.read(this.name);
    if (!b) return undefined;
    const doc = JSON.parse(Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1")) as { listVersion: number; list: { idTag: string; idTagInfo: IdTagInfo }[] };
    for (const e of doc.list) {
      this.recordsRead++;
      if (e.idTag.toUpperCase() === k) return e.idTagInfo;
    }
    return undefined;
  }

  fileBytes(): number {
    const b = this.storage.read(this.name);
    return b ? b.length : 0;
  }

  count(): number {
    return this.rows.length;
  }

  private save(rows: Row[], version: number): boolean {
    const text = this.style === "rewrite"
      ? JSON.stringify({ v: version, l: rows })
      : JSON.stringify({ listVersion: version, list: rows.map((r) => ({ idTag: r.it, idTagInfo: fromRow(r) })) });
    try {
      this.storage.write(this.name, text);
      return true;
    } catch (e) {
      if ((e as { code?: string }).code !== "FULL") throw e;
    }
    // As on Espruino: the old file goes to the trash first, then a write that finds no room
    // compacts (a power cut in between loses the list: this baseline is not power-safe).
    const st = this.storage.getStats();
    const old = this.fileBytes();
    if (st.freeBytes + st.trashBytes + (old ? 32 + ((old + 3) & ~3) : 0) < 32 + text.length) return false;
    this.storage.erase(this.name);
    this.storage.compact();
    this.storage.write(this.name, text);
    return true;
  }
}

function toRow(idTag: string, i: IdTagInfo): Row {
  const r: Row = { it: idTag, st: i.status };
  if (i.expiresAt !== undefined) r.ed = i.expiresAt;
  if (i.parentIdTag !== undefined) r.pi = i.parentIdTag;
  return r;
}

function fromRow(r: Row): IdTagInfo {
  const i: IdTagInfo = { status: r.st as IdTagInfo["status"] };
  if (r.ed !== undefined) i.expiresAt = r.ed;
  if (r.pi !== undefined) i.parentIdTag = r.pi;
  return i;
}
