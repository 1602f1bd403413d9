import { BackendSession } from "../session/backend";

/** Where Central System commands reach the charging session (attached after the OCPP side is built). */
export interface SessionRef {
  session(): BackendSession | undefined;
}
