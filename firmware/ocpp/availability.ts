import { Clock } from "../../hal/clock";
import { FlashStorage } from "../../hal/storage";
import { RecordFile } from "../persist/record-file";
import { SessionRef } from "./session-ref";

export type AvailabilityStatus = "Accepted" | "Rejected" | "Scheduled";

/**
 * ChangeAvailability with OCPP's "Scheduled" (1.6 §5.2): going Inoperative while a transaction
 * runs does not stop it; the change waits, persisted (a small RecordFile), until the transaction
 * has ended, and is then handed to the session (which persists availability itself). Operative
 * cancels a change still waiting. The session's own answer decides everything else.
 */
export class AvailabilityScheduler {
  private waiting: boolean | undefined;
  private readonly file: RecordFile;
  private checkQueued = false;

  constructor(storage: FlashStorage, private readonly ref: SessionRef, private readonly clock: Clock, private readonly log: (line: string) => void) {
    this.file = new RecordFile(storage, "ocpp.avail");
  }

  load(): void {
    const got = this.file.load();
    this.waiting = got.value === "0" ? false : got.value === "1" ? true : undefined;
    if (this.waiting !== undefined) this.log("availability: a change to " + (this.waiting ? "Operative" : "Inoperative") + " is still scheduled");
  }

  /** The change waiting for the transaction to end (true = Operative), if any. */
  scheduled(): boolean | undefined {
    return this.waiting;
  }

  request(operative: boolean): AvailabilityStatus {
    const s = this.ref.session();
    if (!s) return "Rejected";
    if (!operative && s.transaction() !== undefined) {
      return this.setWaiting(false) ? "Scheduled" : "Rejected";
    }
    if (this.waiting !== undefined && !this.setWaiting(undefined)) return "Rejected";
    return s.changeAvailability(operative);
  }

  /** Applies a waiting change if no transaction runs any more (soon, outside the caller's stack). */
  check(): void {
    if (this.waiting === undefined || this.checkQueued) return;
    this.checkQueued = true;
    const self = this;
    this.clock.after(0, function () {
      self.checkQueued = false;
      self.applyWaiting();
    });
  }

  private applyWaiting(): void {
    const s = this.ref.session();
    if (this.waiting === undefined || !s || s.transaction() !== undefined) return;
    const r = s.changeAvailability(this.waiting);
    if (r === "Accepted") {
      this.log("availability: scheduled change to " + (this.waiting ? "Operative" : "Inoperative") + " applied");
      this.setWaiting(undefined);
    }
  }

  private setWaiting(v: boolean | undefined): boolean {
    try {
      this.file.save(v === undefined ? "" : v ? "1" : "0");
    } catch (e) {
      this.log("availability: cannot save: " + (e as Error).message);
      return false;
    }
    this.waiting = v;
    return true;
  }
}
