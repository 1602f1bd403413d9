import { Cancel, Clock } from "../../../hal/clock";
import { codedError, CodedError } from "../../../hal/coded-error";
import { checkPayload } from "../schema/payload-check";
import { MessageLink, MessageLinkListener } from "../transport/ws-link";
import { MessageIds } from "./message-ids";
import { encodeCall, encodeError, encodeResult, InboundFrame, parseFrame } from "./rpc-frame";
import {
  INTERNAL_ERROR,
  NOT_IMPLEMENTED,
  NOT_SUPPORTED,
  PROTOCOL_ERROR,
  RPC_BAD_REQUEST,
  RPC_BAD_RESULT,
  RPC_OFFLINE,
  RPC_QUEUE_FULL,
  RPC_TIMEOUT,
} from "./rpc-errors";

/** How a handler answers one inbound CALL: exactly once, now or later. */
export interface Responder {
  ok(payload: object): void;
  /** A CALLERROR (OCPP-J 1.6 §4.2.3 code, e.g. NotSupported). */
  fail(code: string, description: string): void;
}

/**
 * Handles one inbound CALL whose payload has already been validated against the action's type
 * (schema/ocpp16-schemas.ts), so a handler only ever sees conforming payloads.
 */
export type CallHandler = (payload: any, reply: Responder) => void;

/** Outcome of an outbound CALL: an error (CALLERROR code, or RPC_* from rpc-errors) or the payload. */
export type CallCallback = (err: CodedError | undefined, payload: any) => void;

/** Link state as the layer above the RPC (the connection lifecycle) sees it. */
export interface RpcStateListener {
  onRpcOpen(): void;
  onRpcClose(error: CodedError | undefined): void;
}

export interface RpcEndpointOptions {
  /** Action -> payload type of inbound CALLs. */
  requestType: (action: string) => string | undefined;
  /** Action -> payload type of the CALLRESULTs for our CALLs. */
  confirmationType: (action: string) => string | undefined;
  /** Whether an action without a handler is known to the protocol (NotSupported) or not (NotImplemented). */
  isKnownAction: (action: string) => boolean;
  /** Default 30 s. */
  callTimeoutMs?: number;
  /** Calls waiting behind the outstanding one; default 16. */
  maxQueue?: number;
  random?: () => number;
  log?: (line: string) => void;
}

interface OutboundCall {
  action: string;
  payload: object;
  cb: CallCallback;
  timeoutMs: number;
  id: string;
}

/** An inbound CALL being handled: its Responder. */
class InboundCall implements Responder {
  done = false;

  constructor(private readonly rpc: RpcEndpoint, readonly id: string, readonly action: string, readonly epoch: number) {}

  ok(payload: object): void {
    if (!this.settle()) return;
    let text: string;
    try {
      text = encodeResult(this.id, payload);
    } catch (e) {
      this.rpc.logLine(this.action + " answer not encodable: " + (e as Error).message);
      text = encodeError(this.id, INTERNAL_ERROR, "answer could not be encoded");
    }
    this.rpc.answer(this, text);
  }

  fail(code: string, description: string): void {
    if (this.settle()) this.rpc.answer(this, encodeError(this.id, code, description));
  }

  private settle(): boolean {
    if (this.done) {
      this.rpc.logLine("second answer to " + this.action + " " + this.id + " ignored");
      return false;
    }
    this.done = true;
    return true;
  }
}

/**
 * OCPP-J RPC over a MessageLink. Outbound: at most one CALL outstanding (OCPP-J 1.6 §4.1.1), the
 * others queued in order; each with a timeout; a response whose id is not the outstanding call's
 * is ignored. Inbound: every frame is checked (frame shape, known action, payload type) and
 * answered with the right CALLERROR when it fails, without calling any handler.
 */
export class RpcEndpoint implements MessageLinkListener {
  private readonly handlers: { [action: string]: CallHandler } = {};
  private readonly queue: OutboundCall[] = [];
  private outstanding: OutboundCall | undefined;
  private outstandingTimer: Cancel | undefined;
  /** Inbound calls not yet answered, by id (duplicates are refused). */
  private inbound: { [id: string]: InboundCall } = {};
  private readonly ids: MessageIds;
  private epoch = 0;
  private stateListener: RpcStateListener | undefined;
  private readonly callTimeoutMs: number;
  private readonly maxQueue: number;
  /** Frames refused as invalid (for diagnostics and the fuzz bench). */
  rejectedFrames = 0;

  constructor(
    private readonly link: MessageLink,
    private readonly clock: Clock,
    private readonly opts: RpcEndpointOptions,
  ) {
    this.ids = new MessageIds(opts.random || Math.random);
    this.callTimeoutMs = opts.callTimeoutMs || 30000;
    this.maxQueue = opts.maxQueue || 16;
    link.setListener(this);
  }

  setStateListener(listener: RpcStateListener): void {
    this.stateListener = listener;
  }

  isOpen(): boolean {
    return this.link.isOpen();
  }

  /** Registers the handler of an inbound action; the action must have a payload type. */
  handle(action: string, handler: CallHandler): void {
    if (this.opts.requestType(action) === undefined) throw codedError("NO_SCHEMA", "no payload type for inbound action " + action);
    this.handlers[action] = handler;
  }

  /**
   * Sends a CALL when the ones before it are done. The callback runs exactly once, never
   * synchronously inside call(): with the validated result, or an error.
   */
  call(action: string, payload: object, cb: CallCallback, timeoutMs?: number): void {
    const c: OutboundCall = { action: action, payload: payload, cb: cb, timeoutMs: timeoutMs || this.callTimeoutMs, id: "" };
    const self = this;
    if (!this.link.isOpen()) {
      this.clock.after(0, function () {
        self.finish(c, codedError(RPC_OFFLINE, "not connected"), undefined);
      });
      return;
    }
    if (this.queue.length >= this.maxQueue) {
      this.clock.after(0, function () {
        self.finish(c, codedError(RPC_QUEUE_FULL, "too many calls waiting"), undefined);
      });
      return;
    }
    this.queue.push(c);
    // Sending from a timer keeps call() free of re-entrance into the caller.
    this.clock.after(0, function () {
      self.pump();
    });
  }

  /** Calls sent or waiting. */
  pendingCalls(): number {
    return this.queue.length + (this.outstanding ? 1 : 0);
  }

  // ---- MessageLinkListener

  onLinkOpen(): void {
    this.epoch++;
    this.inbound = {};
    if (this.stateListener) this.stateListener.onRpcOpen();
  }

  onLinkClose(error: CodedError | undefined): void {
    this.epoch++;
    this.inbound = {};
    this.failAll(codedError(RPC_OFFLINE, "connection lost" + (error ? ": " + error.message : "")));
    if (this.stateListener) this.stateListener.onRpcClose(error);
  }

  onLinkMessage(text: string): void {
    const f = parseFrame(text);
    if (f.kind === "call") this.onCall(f);
    else if (f.kind === "result" || f.kind === "error") this.onResponse(f);
    else {
      this.rejectedFrames++;
      this.logLine("invalid frame (" + f.code + ": " + f.description + "): " + text.substring(0, 80));
      if (f.answer) this.link.send(encodeError(f.id, f.code, f.description));
      else if (this.outstanding && f.id === this.outstanding.id) this.onResponse(f);
    }
  }

  // ---- inbound calls

  private onCall(f: InboundFrame): void {
    const handler = Object.prototype.hasOwnProperty.call(this.handlers, f.action) ? this.handlers[f.action] : undefined;
    if (!handler) {
      this.rejectedFrames++;
      const known = this.opts.isKnownAction(f.action);
      this.link.send(encodeError(f.id, known ? NOT_SUPPORTED : NOT_IMPLEMENTED, (known ? "not supported: " : "unknown action: ") + f.action.substring(0, 60)));
      return;
    }
    if (Object.prototype.hasOwnProperty.call(this.inbound, f.id)) {
      this.rejectedFrames++;
      this.link.send(encodeError(f.id, PROTOCOL_ERROR, "a call with this message id is still being handled"));
      return;
    }
    const violation = checkPayload(this.opts.requestType(f.action) as string, f.payload);
    if (violation) {
      this.rejectedFrames++;
      this.logLine(f.action + " refused: " + violation.code + " " + violation.message);
      this.link.send(encodeError(f.id, violation.code, violation.message));
      return;
    }
    const call = new InboundCall(this, f.id, f.action, this.epoch);
    this.inbound[f.id] = call;
    try {
      handler(f.payload, call);
    } catch (e) {
      this.logLine(f.action + " handler threw: " + (e as Error).message);
      if (!call.done) call.fail(INTERNAL_ERROR, "handler failed");
    }
  }

  /** Sends an inbound call's answer, unless the connection it came on is gone. */
  answer(call: InboundCall, text: string): void {
    if (this.inbound[call.id] === call) delete this.inbound[call.id];
    if (call.epoch !== this.epoch) {
      this.logLine("answer to " + call.action + " " + call.id + " dropped: its connection is gone");
      return;
    }
    this.link.send(text);
  }

  logLine(line: string): void {
    if (this.opts.log) this.opts.log("[ocpp-rpc] " + line);
  }

  // ---- outbound calls

  private pump(): void {
    if (this.outstanding || !this.queue.length) return;
    const c = this.queue.shift() as OutboundCall;
    if (!this.link.isOpen()) {
      this.finish(c, codedError(RPC_OFFLINE, "not connected"), undefined);
      this.pump();
      return;
    }
    c.id = this.ids.next();
    this.outstanding = c;
    const self = this;
    this.outstandingTimer = this.clock.after(c.timeoutMs, function () {
      self.outstandingTimer = undefined;
      if (self.outstanding !== c) return;
      self.outstanding = undefined;
      self.logLine(c.action + " " + c.id + " timed out");
      self.finish(c, codedError(RPC_TIMEOUT, c.action + ": no answer within " + c.timeoutMs + " ms"), undefined);
      self.pump();
    });
    let text: string;
    try {
      text = encodeCall(c.id, c.action, c.payload);
    } catch (e) {
      this.clearOutstanding();
      this.finish(c, codedError(RPC_BAD_REQUEST, c.action + ": payload not encodable: " + (e as Error).message), undefined);
      this.pump();
      return;
    }
    if (!this.link.send(text)) {
      this.clearOutstanding();
      this.finish(c, codedError(RPC_OFFLINE, "not connected"), undefined);
      this.pump();
    }
  }

  private onResponse(f: InboundFrame): void {
    const c = this.outstanding;
    if (!c || f.id !== c.id) {
      this.logLine("response " + f.id + " matches no outstanding call: ignored");
      return;
    }
    this.clearOutstanding();
    if (f.kind === "error") this.finish(c, codedError(f.code, f.description), undefined);
    else if (f.kind === "bad") this.finish(c, codedError(RPC_BAD_RESULT, c.action + ": " + f.description), undefined);
    else {
      const type = this.opts.confirmationType(c.action);
      const violation = type === undefined ? undefined : checkPayload(type, f.payload);
      if (violation) {
        this.logLine(c.action + ".conf invalid: " + violation.code + " " + violation.message);
        this.finish(c, codedError(RPC_BAD_RESULT, c.action + ".conf: " + violation.code + " " + violation.message), undefined);
      } else this.finish(c, undefined, f.payload);
    }
    const self = this;
    this.clock.after(0, function () {
      self.pump();
    });
  }

  private clearOutstanding(): void {
    this.outstanding = undefined;
    if (this.outstandingTimer) {
      this.outstandingTimer();
      this.outstandingTimer = undefined;
    }
  }

  private failAll(err: CodedError): void {
    const c = this.outstanding;
    this.clearOutstanding();
    const waiting = this.queue.splice(0, this.queue.length);
    if (c) this.finish(c, err, undefined);
    for (let i = 0; i < waiting.length; i++) this.finish(waiting[i] as OutboundCall, err, undefined);
  }

  private finish(c: OutboundCall, err: CodedError | undefined, payload: any): void {
    try {
      c.cb(err, payload);
    } catch (e) {
      this.logLine(c.action + " callback threw: " + (e as Error).message);
    }
  }
}
