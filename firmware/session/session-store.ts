import { FlashStorage } from "../../hal/storage";
import { RecordFile } from "../persist/record-file";
import { RECORD_VERSION, SessionRecord } from "./state";

/**
 * The running session, the latched weld and the availability, in one atomic record on flash
 * (RecordFile: a power cut at any write leaves the old or the new record, never a mix).
 */
export class SessionStore {
  private record: RecordFile;
  problems: string[] = [];

  constructor(private readonly storage: FlashStorage, name?: string) {
    this.record = new RecordFile(storage, name || "session");
  }

  load(): SessionRecord | undefined {
    this.problems = [];
    const r = this.record.loadJson("session", "ignored", this.problems);
    if (r === undefined) return undefined;
    if (!r || r.v !== RECORD_VERSION || typeof r.nextTxRef !== "number" || typeof r.savedWh !== "number") {
      this.problems.push("session: stored record has an unknown shape; ignored");
      return undefined;
    }
    r.unavailable = !!r.unavailable;
    r.weldLatched = !!r.weldLatched;
    if (r.tx !== undefined && !validTx(r.tx)) {
      this.problems.push("session: stored transaction is malformed; ignored");
      r.tx = undefined;
    }
    if (r.lastStop !== undefined && (!validTx(r.lastStop) || typeof r.lastStop.meterStop !== "number")) {
      r.lastStop = undefined;
    }
    return r as SessionRecord;
  }

  /** Writes the record (JSON text); compacts once if the flash is full. */
  save(json: string): void {
    try {
      this.record.save(json);
    } catch (e) {
      if (!e || (e as any).code !== "FULL") throw e;
      this.storage.compact();
      this.record.save(json);
    }
  }
}

function validTx(t: any): boolean {
  return !!t && typeof t.ref === "number" && typeof t.idTag === "string" && typeof t.meterStart === "number";
}
