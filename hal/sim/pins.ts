import { Cancel, Clock } from "../clock";
import { AnalogInput, Edge, InputPin, OutputPin, PwmOutput } from "../pins";
import { DEFAULT_HISTORY_CAPACITY, SignalHistory } from "./signal-history";
import { codedError } from "../coded-error";

/** Options shared by the simulated pins: start level and how many changes the history keeps. */
export interface SimPinOptions {
  initial?: boolean;
  capacity?: number;
}

export interface LevelChange {
  t: number;
  high: boolean;
}

function levelChanges(h: SignalHistory): LevelChange[] {
  const out: LevelChange[] = [];
  for (let i = 0; i < h.length(); i++) out.push({ t: h.timeAt(i), high: h.valueAt(i) !== 0 });
  return out;
}

function rangeError(what: string, v: number): never {
  throw codedError("RANGE", what + ": expected a number from 0 to 1, got " + v);
}

/** A digital output; records each level change with the simulated time. */
export class SimOutputPin implements OutputPin {
  readonly history: SignalHistory;
  /** Calls of write(), changes or not. */
  writes = 0;
  private level: boolean;
  private listeners: ((high: boolean) => void)[] = [];

  constructor(private readonly clock: Clock, options?: SimPinOptions) {
    const o = options || {};
    this.level = !!o.initial;
    this.history = new SignalHistory(o.capacity || DEFAULT_HISTORY_CAPACITY, clock.now(), this.level ? 1 : 0);
  }

  write(high: boolean): void {
    this.writes++;
    const level = !!high;
    if (level === this.level) return;
    this.level = level;
    this.history.push(this.clock.now(), level ? 1 : 0);
    const ls = this.listeners.slice();
    for (let i = 0; i < ls.length; i++) (ls[i] as (high: boolean) => void)(level);
  }

  isHigh(): boolean {
    return this.level;
  }

  /** Level changes, oldest first (the first entry is the level at creation). */
  changes(): LevelChange[] {
    return levelChanges(this.history);
  }

  /** Sim wiring: `fn` runs on every level change (used by parts such as the relay). */
  onChange(fn: (high: boolean) => void): Cancel {
    const ls = this.listeners;
    ls.push(fn);
    return function () {
      const i = ls.indexOf(fn);
      if (i >= 0) ls.splice(i, 1);
    };
  }
}

interface Watcher {
  edge: Edge;
  fn: (high: boolean, timeMs: number) => void;
  live: boolean;
}

/** A digital input driven by the test (or a sim part); edges go to watchers with the simulated time. */
export class SimInputPin implements InputPin {
  readonly history: SignalHistory;
  reads = 0;
  private level: boolean;
  private watchers: Watcher[] = [];

  constructor(private readonly clock: Clock, options?: SimPinOptions) {
    const o = options || {};
    this.level = !!o.initial;
    this.history = new SignalHistory(o.capacity || DEFAULT_HISTORY_CAPACITY, clock.now(), this.level ? 1 : 0);
  }

  read(): boolean {
    this.reads++;
    return this.level;
  }

  watch(edge: Edge, fn: (high: boolean, timeMs: number) => void): Cancel {
    const w: Watcher = { edge: edge, fn: fn, live: true };
    this.watchers.push(w);
    const ws = this.watchers;
    return function () {
      if (!w.live) return;
      w.live = false;
      const i = ws.indexOf(w);
      if (i >= 0) ws.splice(i, 1);
    };
  }

  /** Test hook: drives the level; a change is an edge, delivered at once to matching watchers. */
  set(high: boolean): void {
    const level = !!high;
    if (level === this.level) return;
    this.level = level;
    const t = this.clock.now();
    this.history.push(t, level ? 1 : 0);
    const ws = this.watchers.slice();
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i] as Watcher;
      if (!w.live) continue;
      if (w.edge === "both" || (w.edge === "rising") === level) w.fn(level, t);
    }
  }

  watcherCount(): number {
    return this.watchers.length;
  }

  changes(): LevelChange[] {
    return levelChanges(this.history);
  }
}

/** A PWM output; records each duty change with the simulated time. */
export class SimPwm implements PwmOutput {
  readonly history: SignalHistory;
  writes = 0;
  private value = 0;

  constructor(private readonly clock: Clock, readonly frequencyHz: number, capacity?: number) {
    this.history = new SignalHistory(capacity || DEFAULT_HISTORY_CAPACITY, clock.now(), 0);
  }

  /** Out-of-range duty is a firmware bug: it throws (code RANGE) rather than clamping silently. */
  setDuty(duty: number): void {
    if (typeof duty !== "number" || !(duty >= 0 && duty <= 1)) rangeError("PWM duty", duty);
    this.writes++;
    this.value = duty;
    this.history.push(this.clock.now(), duty);
  }

  duty(): number {
    return this.value;
  }

  /** Duty in force at simulated time `t` (within the retained history). */
  dutyAt(t: number): number {
    return this.history.levelAt(t);
  }
}

/** An analog input whose value the test (or a sim part) sets, as a fraction 0..1. */
export class SimAnalog implements AnalogInput {
  readonly history: SignalHistory;
  reads = 0;
  private value: number;

  constructor(private readonly clock: Clock, initial?: number, capacity?: number) {
    this.value = initial || 0;
    this.history = new SignalHistory(capacity || DEFAULT_HISTORY_CAPACITY, clock.now(), this.value);
  }

  read(): number {
    this.reads++;
    return this.value;
  }

  set(fraction: number): void {
    if (typeof fraction !== "number" || !(fraction >= 0 && fraction <= 1)) rangeError("analog input", fraction);
    this.value = fraction;
    this.history.push(this.clock.now(), fraction);
  }
}
