import { Cancel, Clock } from "../clock";

/**
 * Espruino time and timers. Cancels are guarded so that a second call, or a call after a
 * one-shot has fired, never reaches clearTimeout with a stale id.
 */
export class EspruinoClock implements Clock {
  now(): number {
    return getTime() * 1000;
  }

  after(ms: number, fn: () => void): Cancel {
    let live = true;
    const id = setTimeout(function () {
      live = false;
      fn();
    }, ms);
    return function () {
      if (!live) return;
      live = false;
      clearTimeout(id);
    };
  }

  every(ms: number, fn: () => void): Cancel {
    let live = true;
    const id = setInterval(fn, ms);
    return function () {
      if (!live) return;
      live = false;
      clearInterval(id);
    };
  }
}
