import { harness } from "./support/shim-harness";

describe("Espruino shim: uncaught errors, E, process", () => {
  it("reports an exception thrown in a timer as Espruino does, without crashing, and keeps running", () => {
    const h = harness();
    h.run("var n = 0; setInterval(function () { n++; if (n === 2) throw new Error('boom'); }, 100); setTimeout(function () { null.x; }, 150);");
    expect(() => h.board.clock.advance(500)).not.toThrow();
    expect(h.json("n")).toBe(5);
    expect(h.shim.uncaught.map((u) => [u.line, u.where, u.atMs])).toEqual([
      ["Uncaught TypeError: Cannot read properties of null (reading 'x')", "timer", 150],
      ["Uncaught Error: boom", "timer", 200],
    ]);
    expect(h.shim.consoleLines).toEqual(["Uncaught TypeError: Cannot read properties of null (reading 'x')", "Uncaught Error: boom"]);
    expect(h.shim.uncaught[1]!.stack).toContain("probe.js");
  });

  it("reports an exception in a pin watch and a throw while loading", () => {
    const h = harness();
    h.run("setWatch(function () { throw 'bad edge'; }, D35, { repeat: true });");
    h.board.meter.pin.set(true);
    expect(h.run("var x = 1; throw new Error('load failed'); var y = 2;")).toBe(false);
    expect(h.json("[typeof x, typeof y]")).toEqual(["number", "undefined"]);
    expect(h.shim.uncaught.map((u) => [u.line, u.where])).toEqual([['Uncaught "bad edge"', "watch"], ["Uncaught Error: load failed", "load"]]);
  });

  it("reports a promise rejected with no handler", async () => {
    const h = harness();
    h.run("setTimeout(function () { Promise.reject(new Error('nobody caught me')); }, 10);" +
      "setTimeout(function () { new Promise(function (ok, fail) { fail(1); }).then(function () {}).catch(function () {}); }, 20);" +
      "setTimeout(function () { Promise.resolve(1).then(function () { throw new Error('in then'); }); }, 30);");
    h.board.clock.advance(30);
    await new Promise((r) => setTimeout(r, 5));
    expect(h.shim.uncaught.map((u) => [u.line, u.where])).toEqual([
      ["Uncaught Error: Unhandled promise rejection: Error: nobody caught me", "promise"],
      ["Uncaught Error: Unhandled promise rejection: Error: in then", "promise"],
    ]);
    h.shim.dispose();
  });

  it("emits E 'init' and calls onInit on boot; console.log and print are captured", () => {
    const h = harness();
    h.run("E.on('init', function () { console.log('init', 1, { a: 2 }); }); function onInit() { print('onInit', D5); }");
    h.shim.boot();
    expect(h.shim.consoleLines).toEqual(['init 1 {"a":2}', "onInit D5"]);
  });

  it("drives the SimWatchdog with E.enableWatchdog / E.kickWatchdog (manual), and kicks it itself when automatic", () => {
    const h = harness();
    h.run("E.enableWatchdog(2, false); setInterval(function () { E.kickWatchdog(); }, 1000);");
    h.board.clock.advance(10000);
    expect(h.board.watchdog.resets).toBe(0);
    expect(h.board.watchdog.kicks).toBe(10);
    const lazy = harness();
    lazy.run("E.enableWatchdog(2, false);");
    lazy.board.clock.advance(2500);
    expect(lazy.board.watchdog.resets).toBe(1);
    const auto = harness();
    auto.run("E.enableWatchdog(2);");
    auto.board.clock.advance(10000);
    expect(auto.board.watchdog.resets).toBe(0);
    expect(auto.shim.watchdog).toEqual({ enabled: true, auto: true, timeoutS: 2 });
  });

  it("records the console password and lock", () => {
    const h = harness();
    h.run("E.lockConsole();");
    expect(h.shim.consoleLock).toEqual({ password: undefined, locked: false });
    h.run("E.setPassword('s3cret'); E.lockConsole();");
    expect(h.shim.consoleLock).toEqual({ password: "s3cret", locked: true });
  });

  it("estimates sizes in JsVars like Espruino (E.getSizeOf) and reports plausible process.memory()", () => {
    const h = harness();
    expect(h.json("E.getSizeOf({ a: 1 })")).toBe(2);
    expect(h.json("E.getSizeOf({ a: 1, b: 'hello', c: [1, 2, 3] })")).toBe(9);
    expect(h.json("E.getSizeOf({ a: 1, b: 'hello', c: [1, 2, 3] }, 1)")).toEqual([{ name: "a", size: 1 }, { name: "b", size: 2 }, { name: "c", size: 5 }]);
    const before = h.json("process.memory()");
    expect(before.total).toBe(16383);
    expect(before.free + before.usage).toBe(before.total);
    h.run("var big = []; for (var i = 0; i < 1000; i++) big.push({ n: i, s: 'entry' + i });");
    const after = h.json("process.memory()");
    expect(after.usage - before.usage).toBeGreaterThan(4000);
  });

  it("converts with E.toUint8Array / E.toString / E.toArrayBuffer, and computes E.CRC32 (unsigned)", () => {
    const h = harness();
    expect(h.json('E.CRC32("123456789")')).toBe(0xcbf43926);
    expect(h.json("E.CRC32(new Uint8Array([49, 50, 51, 52, 53, 54, 55, 56, 57]))")).toBe(0xcbf43926);
    expect(h.json("E.CRC32([])")).toBe(0);
    expect(h.json("Array.prototype.slice.call(E.toUint8Array(1, [2, 3], 'A', { data: 9, count: 2 }))")).toEqual([1, 2, 3, 65, 9, 9]);
    expect(h.json("E.toString(72, [105])")).toBe("Hi");
    expect(h.json("new Uint8Array(E.toArrayBuffer('\\u00ff\\u0001')).length")).toBe(2);
  });

  it("drops timers and watches on dispose; nothing more runs", () => {
    const h = harness();
    h.run("var n = 0; setInterval(function () { n++; }, 10); setWatch(function () { n += 100; }, D35, { repeat: true });");
    h.board.clock.advance(20);
    h.shim.dispose();
    h.board.clock.advance(100);
    h.board.meter.pin.set(true);
    expect(h.shim.counts()).toEqual({ timers: 0, watches: 0, sockets: 0 });
    expect(h.board.meter.pin.watcherCount()).toBe(0);
    expect(h.board.clock.pending()).toBe(0);
  });
});
