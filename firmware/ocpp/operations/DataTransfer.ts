// DataTransfer (OCPP 1.6 §5.6, §6.17): no vendor extension is implemented, so every vendorId is
// unknown.
import { CallHandler, Responder } from "../rpc/rpc-endpoint";

export function dataTransferHandler(): CallHandler {
  return function (req: any, reply: Responder) {
    reply.ok({ status: "UnknownVendorId" });
  };
}
