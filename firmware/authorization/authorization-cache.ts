import { IdTagInfo } from "./id-tag-info";

/** The OCPP Authorization Cache (1.6 §3.5.1) as the rest of the firmware sees it. */
export interface AuthorizationCache {
  /** The cached idTagInfo, with status turned Expired if its expiry has passed; undefined if unknown. */
  lookup(idTag: string): IdTagInfo | undefined;
  /** Remembers an answer from the backend (Authorize/StartTransaction/StopTransaction). */
  remember(idTag: string, info: IdTagInfo): void;
  /** ClearCache. */
  clear(): void;
  /** AuthorizationCacheEnabled. */
  setEnabled(enabled: boolean): void;
}
