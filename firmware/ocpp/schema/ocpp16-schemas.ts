// OCPP 1.6 payload types (grammar in payload-check.ts), transcribed from the official OCPP 1.6
// JSON schemas for the messages this charger receives. A test checks each one against the
// official schema with generated payloads. Add an entry here when an operation starts handling
// another action (the RPC layer refuses to register a handler without one).

const AUTHORIZATION_STATUS = "(Accepted|Blocked|Expired|Invalid|ConcurrentTx)";
const ID_TAG_INFO = "{expiryDate:t,parentIdTag:s20,status!:" + AUTHORIZATION_STATUS + "}";
const CHARGING_SCHEDULE =
  "{duration:i,startSchedule:t,chargingRateUnit!:(A|W)," +
  "chargingSchedulePeriod!:[{startPeriod!:i,limit!:n.1,numberPhases:i}],minChargingRate:n.1}";
const CHARGING_PROFILE =
  "{chargingProfileId!:i,transactionId:i,stackLevel!:i," +
  "chargingProfilePurpose!:(ChargePointMaxProfile|TxDefaultProfile|TxProfile)," +
  "chargingProfileKind!:(Absolute|Recurring|Relative),recurrencyKind:(Daily|Weekly)," +
  "validFrom:t,validTo:t,chargingSchedule!:" + CHARGING_SCHEDULE + "}";

/** Payloads of the CALLs the Central System sends us (Action.req). */
export const REQUEST_TYPES: { [action: string]: string } = {
  SendLocalList:
    "{listVersion!:i,localAuthorizationList:[{idTag!:s20,idTagInfo:" + ID_TAG_INFO + "}],updateType!:(Differential|Full)}",
  GetLocalListVersion: "{}",
  ChangeConfiguration: "{key!:s50,value!:s500}",
  GetConfiguration: "{key:[s50]}",
  RemoteStartTransaction: "{connectorId:i,idTag!:s20,chargingProfile:" + CHARGING_PROFILE + "}",
  RemoteStopTransaction: "{transactionId!:i}",
  ClearCache: "{}",
  ChangeAvailability: "{connectorId!:i,type!:(Inoperative|Operative)}",
  Reset: "{type!:(Hard|Soft)}",
  TriggerMessage:
    "{requestedMessage!:(BootNotification|DiagnosticsStatusNotification|FirmwareStatusNotification|Heartbeat|MeterValues|StatusNotification),connectorId:i}",
  UnlockConnector: "{connectorId!:i}",
  DataTransfer: "{vendorId!:s255,messageId:s50,data:s}",
};

/** Payloads of the CALLRESULTs answering the CALLs we send (Action.conf). */
export const CONFIRMATION_TYPES: { [action: string]: string } = {
  BootNotification: "{status!:(Accepted|Pending|Rejected),currentTime!:t,interval!:i}",
  Heartbeat: "{currentTime!:t}",
  StatusNotification: "{}",
  Authorize: "{idTagInfo!:" + ID_TAG_INFO + "}",
  StartTransaction: "{idTagInfo!:" + ID_TAG_INFO + ",transactionId!:i}",
  StopTransaction: "{idTagInfo:" + ID_TAG_INFO + "}",
  MeterValues: "{}",
  DataTransfer: "{status!:(Accepted|Rejected|UnknownMessageId|UnknownVendorId),data:s}",
};

/**
 * Every action a Central System may send a charge point in OCPP 1.6 (with the security
 * extension). One of these without a handler is answered NotSupported; any other name,
 * NotImplemented.
 */
export const CENTRAL_SYSTEM_ACTIONS =
  ",CancelReservation,CertificateSigned,ChangeAvailability,ChangeConfiguration,ClearCache," +
  "ClearChargingProfile,DataTransfer,DeleteCertificate,ExtendedTriggerMessage,GetCompositeSchedule," +
  "GetConfiguration,GetDiagnostics,GetInstalledCertificateIds,GetLocalListVersion,GetLog," +
  "InstallCertificate,RemoteStartTransaction,RemoteStopTransaction,ReserveNow,Reset,SendLocalList," +
  "SetChargingProfile,SignedUpdateFirmware,TriggerMessage,UnlockConnector,UpdateFirmware,";

export function isCentralSystemAction(action: string): boolean {
  return action.length > 0 && action.indexOf(",") < 0 && CENTRAL_SYSTEM_ACTIONS.indexOf("," + action + ",") >= 0;
}

function lookup(table: { [action: string]: string }, action: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, action) ? table[action] : undefined;
}

export function requestType(action: string): string | undefined {
  return lookup(REQUEST_TYPES, action);
}

export function confirmationType(action: string): string | undefined {
  return lookup(CONFIRMATION_TYPES, action);
}
