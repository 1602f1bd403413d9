import { IdTagInfo } from "./id-tag-info";

/** OCPP UpdateStatus of a SendLocalList (NotSupported is decided by the OCPP layer). */
export type UpdateStatus = "Accepted" | "Failed" | "VersionMismatch";

/** One OCPP AuthorizationData: idTagInfo absent means "delete" in a Differential update. */
export interface AuthorizationData {
  idTag: string;
  idTagInfo?: IdTagInfo;
}

/** The Local Authorization List as the rest of the firmware sees it. */
export interface LocalAuthList {
  /** The entry for an idTag (case-insensitive), or undefined. Never allocates per entry. */
  lookup(idTag: string): IdTagInfo | undefined;
  /** List version (0 = empty / none). */
  version(): number;
  /** Number of entries. */
  count(): number;
  /** Most entries the list can hold on this board (OCPP LocalAuthListMaxLength). */
  capacity(): number;
  /** Applies one SendLocalList message. */
  update(listVersion: number, updateType: "Full" | "Differential", entries: AuthorizationData[]): UpdateStatus;
  /** Empties the list (version 0). */
  clear(): void;
}
