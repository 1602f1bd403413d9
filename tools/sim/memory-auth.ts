import { IdTagInfo } from "../../firmware/auth/id-tag-info";
import { AuthorizationData, LocalAuthList, UpdateStatus } from "../../firmware/auth/local-list";
import { AuthorizationCache } from "../../firmware/auth/authorization-cache";

/** A Local Authorization List in RAM (tests of the session; the flash store is firmware/allowlist). */
export class MemoryLocalList implements LocalAuthList {
  private entries: { [upper: string]: IdTagInfo } = {};
  private ver = 0;

  lookup(idTag: string): IdTagInfo | undefined {
    return this.entries[idTag.toUpperCase()];
  }
  version(): number {
    return this.ver;
  }
  count(): number {
    return Object.keys(this.entries).length;
  }
  capacity(): number {
    return 100000;
  }
  update(listVersion: number, updateType: "Full" | "Differential", entries: AuthorizationData[]): UpdateStatus {
    if (updateType === "Differential" && listVersion <= this.ver) return "VersionMismatch";
    if (updateType === "Full") this.entries = {};
    for (const e of entries) {
      if (e.idTagInfo) this.entries[e.idTag.toUpperCase()] = e.idTagInfo;
      else delete this.entries[e.idTag.toUpperCase()];
    }
    this.ver = listVersion;
    return "Accepted";
  }
  clear(): void {
    this.entries = {};
    this.ver = 0;
  }
}

/** An Authorization Cache in RAM. */
export class MemoryCache implements AuthorizationCache {
  entries: { [upper: string]: IdTagInfo } = {};
  enabled = true;
  lookup(idTag: string): IdTagInfo | undefined {
    return this.enabled ? this.entries[idTag.toUpperCase()] : undefined;
  }
  remember(idTag: string, info: IdTagInfo): void {
    if (this.enabled) this.entries[idTag.toUpperCase()] = info;
  }
  clear(): void {
    this.entries = {};
  }
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
  }
}
