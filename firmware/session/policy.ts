import { Settings } from "../config/settings";

/**
 * The configuration the session rules read, as plain data (a snapshot of the OCPP and vendor keys,
 * in the units the rules use). The transition function gets it with every event, so a rule never
 * reaches into storage.
 */
export interface Policy {
  authorizationRequired: boolean;
  freeVendIdTag: string;
  serviceGroupIdTag: string;
  connectionTimeoutMs: number;
  localAuthorizeOffline: boolean;
  localPreAuthorize: boolean;
  allowOfflineTxForUnknownId: boolean;
  stopOnInvalidId: boolean;
  stopOnEVSideDisconnect: boolean;
  authorizeRemoteTxRequests: boolean;
  /** Unknown taps within UNKNOWN_WINDOW_MS before unknown cards are ignored; 0 = never. */
  unknownCardLockout: number;
  /** Sampled MeterValues during a transaction; 0 = none. */
  meterSampleIntervalMs: number;
  /** How long a decision waits for Authorize.conf before the offline rules decide. */
  authorizeTimeoutMs: number;
  maxCurrentA: number;
}

/** Authorize.conf wait before the offline rules apply (not an OCPP key; MicroOcpp uses 20 s). */
export const AUTHORIZE_TIMEOUT_MS = 5000;

export function defaultPolicy(): Policy {
  return {
    authorizationRequired: true,
    freeVendIdTag: "FREEVEND",
    serviceGroupIdTag: "SERVICE",
    connectionTimeoutMs: 30000,
    localAuthorizeOffline: true,
    localPreAuthorize: false,
    allowOfflineTxForUnknownId: false,
    stopOnInvalidId: true,
    stopOnEVSideDisconnect: true,
    authorizeRemoteTxRequests: true,
    unknownCardLockout: 5,
    meterSampleIntervalMs: 60000,
    authorizeTimeoutMs: AUTHORIZE_TIMEOUT_MS,
    maxCurrentA: 16,
  };
}

/** The policy as the settings say now. */
export function policyFromSettings(s: Settings): Policy {
  return {
    authorizationRequired: s.bool("AuthorizationRequired"),
    freeVendIdTag: s.text("FreeVendIdTag"),
    serviceGroupIdTag: s.text("ServiceGroupIdTag"),
    connectionTimeoutMs: s.int("ConnectionTimeOut") * 1000,
    localAuthorizeOffline: s.bool("LocalAuthorizeOffline"),
    localPreAuthorize: s.bool("LocalPreAuthorize"),
    allowOfflineTxForUnknownId: s.bool("AllowOfflineTxForUnknownId"),
    stopOnInvalidId: s.bool("StopTransactionOnInvalidId"),
    stopOnEVSideDisconnect: s.bool("StopTransactionOnEVSideDisconnect"),
    authorizeRemoteTxRequests: s.bool("AuthorizeRemoteTxRequests"),
    unknownCardLockout: s.int("UnknownCardLockout"),
    meterSampleIntervalMs: s.int("MeterValueSampleInterval") * 1000,
    authorizeTimeoutMs: AUTHORIZE_TIMEOUT_MS,
    maxCurrentA: s.int("MaxCurrent"),
  };
}
