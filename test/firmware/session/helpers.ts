import { IdTagInfo } from "../../../firmware/authorization/id-tag-info";
import { Effect, Env, SessionEvent } from "../../../firmware/session/events";
import { defaultPolicy, Policy } from "../../../firmware/session/policy";
import { initialState, SessionState } from "../../../firmware/session/state";
import { next } from "../../../firmware/session/transition";
import { connectorStatus, relayClosed } from "../../../firmware/session/derive";
import { indicationOf, indicationLabel } from "../../../firmware/indication/indication";

/** Drives the pure transition function by hand: time, meter and policy are plain fields. */
export class Machine {
  state: SessionState = initialState();
  now = 0;
  energyWh = 0;
  epochMs: number | undefined = 1_700_000_000_000;
  policy: Policy;
  effects: Effect[] = [];
  lastReply: string | undefined;
  /** What the backend says about room for one more transaction (offline queue). */
  txRoom = true;

  constructor(policy?: Partial<Policy>) {
    this.policy = Object.assign(defaultPolicy(), policy || {});
  }

  env(): Env {
    return { now: this.now, energyWh: this.energyWh, epochMs: this.epochMs === undefined ? undefined : this.epochMs + this.now, policy: this.policy, txRoom: this.txRoom };
  }

  send(ev: SessionEvent): Effect[] {
    const r = next(this.state, ev, this.env());
    this.state = r.state;
    this.effects = r.effects;
    this.lastReply = r.reply;
    return r.effects;
  }

  /** Advances time and delivers a tick. */
  after(ms: number): Effect[] {
    this.now += ms;
    return this.send({ type: "tick" });
  }

  boot(vehicle?: "A" | "B" | "C", online?: boolean): this {
    this.send({ type: "boot", vehicle: vehicle || "A", feedbackClosed: false });
    if (online) this.send({ type: "online", online: true });
    return this;
  }

  card(idTag: string, list?: IdTagInfo, cache?: IdTagInfo): Effect[] {
    return this.send({ type: "card", idTag: idTag, list: list, cache: cache });
  }

  vehicle(v: "A" | "B" | "C" | "D" | "E" | "F"): Effect[] {
    return this.send({ type: "vehicle", vehicle: v });
  }

  status(): string {
    return connectorStatus(this.state, this.policy);
  }

  relay(): boolean {
    return relayClosed(this.state);
  }

  light(): string {
    return indicationLabel(indicationOf(this.state, this.policy));
  }

  kinds(): string[] {
    return this.effects.filter((e) => e.kind !== "log").map((e) => e.kind);
  }

  effect<K extends Effect["kind"]>(kind: K): Extract<Effect, { kind: K }> | undefined {
    return this.effects.find((e) => e.kind === kind) as Extract<Effect, { kind: K }> | undefined;
  }

  /** Finds the pending Authorize request id. */
  reqId(): number {
    const p = this.state.pending;
    if (!p) throw new Error("no pending authorization");
    return p.reqId;
  }
}

export const ACCEPTED: IdTagInfo = { status: "Accepted" };
export const BLOCKED: IdTagInfo = { status: "Blocked" };
export function accepted(parent?: string, expiresAt?: number): IdTagInfo {
  return { status: "Accepted", parentIdTag: parent, expiresAt: expiresAt };
}
