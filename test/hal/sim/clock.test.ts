import fc from "fast-check";
import { SimClock } from "../../../hal/sim/clock";

describe("SimClock", () => {
  test("does not move by itself and reads the firing timer's due time inside callbacks", () => {
    const clock = new SimClock(100);
    const seen: number[] = [];
    clock.after(50, () => seen.push(clock.now()));
    expect(clock.now()).toBe(100);
    expect(seen).toEqual([]);
    clock.advance(49);
    expect(seen).toEqual([]);
    clock.advance(10);
    expect(seen).toEqual([150]);
    expect(clock.now()).toBe(159);
  });

  test("timers due at the same time fire in creation order, whatever the delays", () => {
    const clock = new SimClock();
    const order: string[] = [];
    clock.advance(10);
    clock.after(90, () => order.push("a")); // due 100
    clock.advance(40);
    clock.after(50, () => order.push("b")); // due 100, created later
    clock.after(20, () => order.push("early")); // due 70
    clock.after(50, () => order.push("c")); // due 100
    clock.advance(100);
    expect(order).toEqual(["early", "a", "b", "c"]);
  });

  test("a timer added during a callback fires in the same advance when due, after those already due", () => {
    const clock = new SimClock();
    const order: string[] = [];
    clock.after(10, () => {
      order.push("first@" + clock.now());
      clock.after(0, () => order.push("zero@" + clock.now()));
      clock.after(5, () => order.push("five@" + clock.now()));
    });
    clock.after(10, () => order.push("second@" + clock.now()));
    clock.advance(20);
    expect(order).toEqual(["first@10", "second@10", "zero@10", "five@15"]);
  });

  test("a timer due beyond the advance target waits", () => {
    const clock = new SimClock();
    const fired: number[] = [];
    clock.after(10, () => clock.after(100, () => fired.push(clock.now())));
    clock.advance(50);
    expect(fired).toEqual([]);
    expect(clock.nextTimerAt()).toBe(110);
    clock.advance(60);
    expect(fired).toEqual([110]);
  });

  test("every() is drift-free: the n-th tick is at n x period even with odd advances", () => {
    const clock = new SimClock();
    const ticks: number[] = [];
    clock.every(7, () => ticks.push(clock.now()));
    const steps = [1, 3, 13, 2, 40, 6, 1, 1, 100];
    for (const s of steps) clock.advance(s);
    const total = steps.reduce((a, b) => a + b, 0);
    expect(ticks.length).toBe(Math.floor(total / 7));
    ticks.forEach((t, i) => expect(t).toBe(7 * (i + 1)));
  });

  test("every() keeps its period when the callback itself is slow to be reached (one big advance)", () => {
    const clock = new SimClock();
    const ticks: number[] = [];
    clock.every(1000, () => ticks.push(clock.now()));
    clock.advance(10000);
    expect(ticks).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
  });

  test("cancel inside a callback: a repeating timer stops itself, and a sibling due at the same time never fires", () => {
    const clock = new SimClock();
    const log: string[] = [];
    let n = 0;
    const stop = clock.every(10, () => {
      n++;
      log.push("tick" + n);
      if (n === 3) stop();
    });
    let cancelSibling = () => {};
    clock.after(30, () => {
      log.push("killer");
      cancelSibling();
    });
    cancelSibling = clock.after(30, () => log.push("sibling"));
    clock.advance(100);
    expect(log).toEqual(["tick1", "tick2", "tick3", "killer"]);
    expect(clock.pending()).toBe(0);
  });

  test("cancel is idempotent, also after a one-shot has fired", () => {
    const clock = new SimClock();
    let fired = 0;
    const cancel = clock.after(5, () => fired++);
    const other = clock.after(10, () => fired++);
    clock.advance(6);
    cancel();
    cancel();
    expect(clock.pending()).toBe(1);
    other();
    other();
    clock.advance(10);
    expect(fired).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  test("runUntilIdle stops at the limit with repeating timers and returns the time reached", () => {
    const clock = new SimClock();
    let ticks = 0;
    clock.every(100, () => ticks++);
    clock.after(250, () => {});
    expect(clock.runUntilIdle(1000)).toBe(1000);
    expect(ticks).toBe(10);
    const c2 = new SimClock();
    c2.after(30, () => c2.after(30, () => {}));
    expect(c2.runUntilIdle(1000)).toBe(60);
    expect(c2.pending()).toBe(0);
  });

  test("time cannot go backwards; clearAll drops every timer", () => {
    const clock = new SimClock(50);
    expect(() => clock.advanceTo(49)).toThrow(/backwards/);
    let fired = false;
    clock.after(1, () => (fired = true));
    clock.every(1, () => (fired = true));
    clock.clearAll();
    clock.advance(10);
    expect(fired).toBe(false);
    expect(clock.pending()).toBe(0);
  });

  test("property: any set of one-shots fires sorted by (due, creation), each exactly once", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 10 }), (timers, advances) => {
          const clock = new SimClock();
          const fired: { due: number; id: number; at: number }[] = [];
          // timers are created at various times: [createAt, delay]
          const byCreate = timers.map(([createAt, delay], id) => ({ createAt, delay, id })).sort((a, b) => a.createAt - b.createAt || a.id - b.id);
          let created = 0;
          for (const t of byCreate) {
            clock.advanceTo(Math.max(clock.now(), t.createAt));
            const due = clock.now() + t.delay;
            const seq = created++;
            clock.after(t.delay, () => fired.push({ due, id: seq, at: clock.now() }));
          }
          for (const a of advances) clock.advance(a);
          clock.advance(200);
          expect(fired.length).toBe(timers.length);
          for (const f of fired) expect(f.at).toBe(f.due);
          for (let i = 1; i < fired.length; i++) {
            const p = fired[i - 1]!, q = fired[i]!;
            expect(p.due < q.due || (p.due === q.due && p.id < q.id)).toBe(true);
          }
        }),
      { numRuns: 200 },
    );
  });
});
