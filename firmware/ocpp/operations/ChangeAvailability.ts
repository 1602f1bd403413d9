// ChangeAvailability (OCPP 1.6 §5.2, §6.7): connector 0 (the charger) or 1 (its only connector);
// Scheduled when a transaction runs (see availability.ts).
import { AvailabilityScheduler } from "../availability";
import { CallHandler, Responder } from "../rpc/rpc-endpoint";

export function changeAvailabilityHandler(scheduler: AvailabilityScheduler): CallHandler {
  return function (req: any, reply: Responder) {
    if (req.connectorId !== 0 && req.connectorId !== 1) {
      reply.ok({ status: "Rejected" });
      return;
    }
    reply.ok({ status: scheduler.request(req.type === "Operative") });
  };
}
