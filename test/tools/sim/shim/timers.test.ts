import { harness } from "../support/shim-harness";

describe("timers on the simulated clock", () => {
  it("fires timeouts and intervals at their simulated times; getTime() is the clock in seconds", () => {
    const h = harness();
    h.run("var log = []; setTimeout(function () { log.push(['t', getTime()]); }, 250); setInterval(function () { log.push(['i', getTime()]); }, 100);");
    h.board.clock.advance(99);
    expect(h.json("log")).toEqual([]);
    h.board.clock.advance(251);
    expect(h.json("log")).toEqual([["i", 0.1], ["i", 0.2], ["t", 0.25], ["i", 0.3]]);
    expect(h.json("getTime()")).toBe(0.35);
  });

  it("returns numeric ids, reused as Espruino reuses them, and passes extra arguments", () => {
    const h = harness();
    h.run("var a = setTimeout(function (x, y) { got = x + y; }, 10, 2, 3); var b = setTimeout(function () {}, 20); var got = 0;");
    expect(h.json("[a, b]")).toEqual([1, 2]);
    h.board.clock.advance(25);
    expect(h.json("got")).toBe(5);
    // both fired: the next id starts again from 1
    expect(h.json("setTimeout(function () {}, 10)")).toBe(1);
  });

  it("throws 'Unknown Timeout' for a stale id, and clearTimeout() with no id clears every timer", () => {
    const h = harness();
    h.run("var fired = 0; var a = setTimeout(function () { fired++; }, 10);");
    h.board.clock.advance(20);
    expect(() => h.shim.evaluate("clearTimeout(a)")).toThrow("Unknown Timeout");
    expect(() => h.shim.evaluate("clearInterval(99)")).toThrow("Unknown Interval");
    h.run("setTimeout(function () { fired++; }, 10); setInterval(function () { fired++; }, 10); clearTimeout();");
    h.board.clock.advance(100);
    expect(h.json("fired")).toBe(1);
    expect(h.shim.counts().timers).toBe(0);
  });

  it("changes an interval's period from now on", () => {
    const h = harness();
    h.run("var ticks = []; var id = setInterval(function () { ticks.push(getTime()); }, 100);");
    h.board.clock.advance(150);
    h.run("changeInterval(id, 300);");
    h.board.clock.advance(700);
    expect(h.json("ticks")).toEqual([0.1, 0.45, 0.75]);
  });

  it("runs promise jobs right after the callback that queued them, before the next timer", () => {
    const h = harness();
    h.run("var order = []; setTimeout(function () { Promise.resolve().then(function () { order.push('job'); }); order.push('a'); }, 10); setTimeout(function () { order.push('b'); }, 10);");
    h.board.clock.advance(10);
    expect(h.json("order")).toEqual(["a", "job", "b"]);
  });

  it("accepts a string of code, as Espruino does", () => {
    const h = harness();
    h.run("var s = 0; setTimeout('s = 42', 5);");
    h.board.clock.advance(5);
    expect(h.json("s")).toBe(42);
  });

  it("uses the host clock for getTime() with realTime, for the on-device benchmark", () => {
    const h = harness({ realTime: true });
    const t = h.json("(function () { var t0 = getTime(); var x = 0; while (getTime() - t0 < 0.02) x++; return getTime() - t0; })()");
    expect(t).toBeGreaterThanOrEqual(0.02);
    expect(h.board.clock.now()).toBe(0);
  });
});
