// TriggerMessage (OCPP 1.6 §5.17, §6.51): the answer goes first, the triggered message right after.
// BootNotification, Heartbeat, StatusNotification and MeterValues are supported; the firmware and
// diagnostics notifications are NotImplemented. A connectorId other than 0 or 1 is Rejected.
import { Clock } from "../../../hal/clock";
import { CallHandler, Responder } from "../rpc/rpc-endpoint";

export interface TriggerTargets {
  boot(): void;
  heartbeat(): void;
  /** connectorId undefined = every connector (0 and 1). */
  status(connectorId: number | undefined): void;
  /** False if there is no meter to read. */
  canSendMeterValues(): boolean;
  meterValues(connectorId: number | undefined): void;
}

export function triggerMessageHandler(targets: TriggerTargets, clock: Clock): CallHandler {
  return function (req: any, reply: Responder) {
    const c: number | undefined = req.connectorId;
    if (c !== undefined && c !== 0 && c !== 1) {
      reply.ok({ status: "Rejected" });
      return;
    }
    let send: (() => void) | undefined;
    switch (req.requestedMessage) {
      case "BootNotification":
        send = function () { targets.boot(); };
        break;
      case "Heartbeat":
        send = function () { targets.heartbeat(); };
        break;
      case "StatusNotification":
        send = function () { targets.status(c); };
        break;
      case "MeterValues":
        if (!targets.canSendMeterValues()) {
          reply.ok({ status: "Rejected" });
          return;
        }
        send = function () { targets.meterValues(c); };
        break;
    }
    if (!send) {
      reply.ok({ status: "NotImplemented" });
      return;
    }
    reply.ok({ status: "Accepted" });
    clock.after(0, send);
  };
}
