// OCPP-J 1.6 §4.2.3 CALLERROR codes, spelled as in the 1.6 specification.
export const NOT_IMPLEMENTED = "NotImplemented";
export const NOT_SUPPORTED = "NotSupported";
export const INTERNAL_ERROR = "InternalError";
export const PROTOCOL_ERROR = "ProtocolError";
export const SECURITY_ERROR = "SecurityError";
export const FORMATION_VIOLATION = "FormationViolation";
export const PROPERTY_CONSTRAINT_VIOLATION = "PropertyConstraintViolation";
export const OCCURENCE_CONSTRAINT_VIOLATION = "OccurenceConstraintViolation";
export const TYPE_CONSTRAINT_VIOLATION = "TypeConstraintViolation";
export const GENERIC_ERROR = "GenericError";

// Codes of errors a call's callback gets that did not come from the Central System.
/** The link is down (or went down before the answer came). */
export const RPC_OFFLINE = "RPC_OFFLINE";
/** No answer within the call timeout. */
export const RPC_TIMEOUT = "RPC_TIMEOUT";
/** Too many calls waiting. */
export const RPC_QUEUE_FULL = "RPC_QUEUE_FULL";
/** The answer did not conform to the action's confirmation schema. */
export const RPC_BAD_RESULT = "RPC_BAD_RESULT";
/** Our own request could not be encoded (e.g. a cyclic payload): a bug in the caller. */
export const RPC_BAD_REQUEST = "RPC_BAD_REQUEST";
