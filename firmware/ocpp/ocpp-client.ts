// The charger's OCPP 1.6J client: connection lifecycle on top of the RPC endpoint.
//
// Module layout (firmware/ocpp/, details in README.md):
//   transport/   bytes to text messages: WebSocket client (ws-connection: one connection;
//                ws-link: reconnects with back-off), frames, handshake, base64, SHA-1, UTF-8, URL.
//                Depends on hal/socket.ts only.
//   rpc/         OCPP-J: frames (rpc-frame), errors (rpc-errors), ids, and RpcEndpoint: one
//                outstanding CALL + queue + timeouts; inbound CALLs validated and dispatched.
//   schema/      payload types of every message we receive (ocpp16-schemas) and their checker.
//   ocpp-client  (this file) BootNotification / Heartbeat / online state / backend time.
//   operations/  one file per action: the handlers of the Central System's calls (a factory per
//                action returning a CallHandler; they only see payloads that passed the action's
//                type in schema/ocpp16-schemas.ts) and the wire format of the charger's own calls
//                (request builders, answer readers), kept apart from the firmware's model.
//   wire/        idTagInfo between the wire and the model.
//   queue/       the offline queue of transaction messages (flash), its durable delivery state
//                and its sender (order, retries).
//   ocpp-backend the session's Backend over OCPP (Authorize, StatusNotification, transactions).
//   availability ChangeAvailability "Scheduled" until the transaction ends.
//   ocpp-stack   builds all of it and registers the operations (the composition roots call it).
import { Cancel, Clock } from "../../hal/clock";
import { parseIsoDateTime } from "../time/iso8601";
import { WallClock } from "../time/wall-clock";
import { codedError, CodedError } from "../../hal/coded-error";
import { CallCallback, CallHandler, RpcEndpoint, RpcStateListener } from "./rpc/rpc-endpoint";
import { RPC_OFFLINE } from "./rpc/rpc-errors";

export type RegistrationStatus = "Unknown" | "Pending" | "Rejected" | "Accepted";

/** BootNotification.req fields (OCPP 1.6 §6.14); the two required ones at least. */
export interface BootInfo {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
}

export interface OcppClientOptions {
  boot: BootInfo;
  /** Seconds between heartbeats until the BootNotification answer sets HeartbeatInterval. */
  heartbeatIntervalS: number;
  /** Retry delay (s) after a BootNotification that failed (timeout, CALLERROR), or answered interval 0. Default 60. */
  bootRetryS?: number;
  log?: (line: string) => void;
}

/**
 * Registers with the Central System and keeps the registration alive:
 * - on each connection while not yet Accepted: BootNotification; Pending/Rejected retry after the
 *   answer's `interval`; until Accepted nothing else is sent (OCPP 1.6 §4.2.1), though CALLs from
 *   the Central System are still answered;
 * - once Accepted (kept across reconnects until reboot): Heartbeat every HeartbeatInterval;
 * - `currentTime` of BootNotification and Heartbeat answers sets the WallClock;
 * - online = connected and Accepted, with a change callback.
 */
export class OcppClient implements RpcStateListener {
  private status: RegistrationStatus = "Unknown";
  private online = false;
  private heartbeatS: number;
  private heartbeatTimer: Cancel | undefined;
  private bootTimer: Cancel | undefined;
  private bootInFlight = false;
  private onlineListener: ((online: boolean) => void) | undefined;

  constructor(
    private readonly rpc: RpcEndpoint,
    private readonly clock: Clock,
    private readonly wallClock: WallClock,
    private readonly opts: OcppClientOptions,
  ) {
    this.heartbeatS = opts.heartbeatIntervalS;
    rpc.setStateListener(this);
  }

  isOnline(): boolean {
    return this.online;
  }

  registrationStatus(): RegistrationStatus {
    return this.status;
  }

  /** HeartbeatInterval in seconds. */
  heartbeatInterval(): number {
    return this.heartbeatS;
  }

  onOnlineChange(listener: (online: boolean) => void): void {
    this.onlineListener = listener;
  }

  handle(action: string, handler: CallHandler): void {
    this.rpc.handle(action, handler);
  }

  /**
   * Sends a CALL if online (connected and registered); otherwise the callback gets RPC_OFFLINE
   * (asynchronously), so nothing leaves before BootNotification is Accepted.
   */
  call(action: string, payload: object, cb: CallCallback, timeoutMs?: number): void {
    if (!this.online) {
      this.clock.after(0, function () {
        cb(codedError(RPC_OFFLINE, "not registered with the Central System"), undefined);
      });
      return;
    }
    this.rpc.call(action, payload, cb, timeoutMs);
  }

  /** HeartbeatInterval changed (ChangeConfiguration); restarts the heartbeat timer. */
  setHeartbeatInterval(seconds: number): void {
    this.heartbeatS = seconds;
    if (this.online) this.startHeartbeat();
  }

  /** Sends a Heartbeat now (TriggerMessage). */
  heartbeatNow(): void {
    this.sendHeartbeat();
  }

  /** Sends a BootNotification now (TriggerMessage), whatever the registration state. */
  bootNow(): void {
    this.cancelBootTimer();
    this.sendBoot();
  }

  // ---- RpcStateListener

  onRpcOpen(): void {
    if (this.status === "Accepted") {
      this.setOnline(true);
      this.startHeartbeat();
      return;
    }
    this.cancelBootTimer();
    this.sendBoot();
  }

  onRpcClose(error: CodedError | undefined): void {
    this.cancelBootTimer();
    this.stopHeartbeat();
    this.setOnline(false);
    if (error) this.log("offline: " + error.code);
  }

  // ---- internals

  private sendBoot(): void {
    if (this.bootInFlight || !this.rpc.isOpen()) return;
    this.bootInFlight = true;
    const self = this;
    this.rpc.call("BootNotification", this.opts.boot, function (err, conf) {
      self.bootInFlight = false;
      self.onBootAnswer(err, conf);
    });
  }

  private onBootAnswer(err: CodedError | undefined, conf: any): void {
    if (err) {
      this.log("BootNotification failed: " + err.code + " " + err.message);
      if (err.code !== RPC_OFFLINE) this.scheduleBoot(this.opts.bootRetryS || 60);
      return;
    }
    this.setTime(conf.currentTime);
    const interval: number = conf.interval;
    if (conf.status === "Accepted") {
      this.status = "Accepted";
      if (interval > 0) this.heartbeatS = interval;
      this.log("registered; heartbeat every " + this.heartbeatS + " s");
      if (this.rpc.isOpen()) {
        this.setOnline(true);
        this.startHeartbeat();
      }
      return;
    }
    // A later Pending/Rejected (answer to a triggered boot) takes the charger offline again.
    this.status = conf.status;
    this.stopHeartbeat();
    this.setOnline(false);
    this.log("BootNotification " + conf.status + "; retry in " + (interval > 0 ? interval : this.opts.bootRetryS || 60) + " s");
    this.scheduleBoot(interval > 0 ? interval : this.opts.bootRetryS || 60);
  }

  private scheduleBoot(seconds: number): void {
    this.cancelBootTimer();
    if (!this.rpc.isOpen()) return;
    const self = this;
    this.bootTimer = this.clock.after(seconds * 1000, function () {
      self.bootTimer = undefined;
      self.sendBoot();
    });
  }

  private cancelBootTimer(): void {
    if (this.bootTimer) {
      this.bootTimer();
      this.bootTimer = undefined;
    }
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    if (!(this.heartbeatS > 0)) return;
    const self = this;
    this.heartbeatTimer = this.clock.every(this.heartbeatS * 1000, function () {
      self.sendHeartbeat();
    });
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) {
      this.heartbeatTimer();
      this.heartbeatTimer = undefined;
    }
  }

  private sendHeartbeat(): void {
    const self = this;
    this.call("Heartbeat", {}, function (err, conf) {
      if (err) self.log("Heartbeat failed: " + err.code);
      else self.setTime(conf.currentTime);
    });
  }

  private setTime(iso: string): void {
    const ms = parseIsoDateTime(iso);
    if (ms !== undefined) this.wallClock.set(ms);
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.log(online ? "online" : "offline");
    if (this.onlineListener) {
      try {
        this.onlineListener(online);
      } catch (e) {
        this.log("online listener threw: " + (e as Error).message);
      }
    }
  }

  private log(line: string): void {
    if (this.opts.log) this.opts.log("[ocpp] " + line);
  }
}
