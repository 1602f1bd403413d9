import { SimClock } from "../../../../hal/sim/clock";
import { SimStorage } from "../../../../hal/sim/storage";
import { TransactionQueue, METER_RESERVE_BYTES, RAM_OVERFLOW_MAX } from "../../../../firmware/ocpp/queue/transaction-queue";
import { KIND_METER, KIND_START, KIND_STOP, TxRecord } from "../../../../firmware/ocpp/queue/tx-record";
import { WallClock } from "../../../../firmware/time/wall-clock";

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

function open(storage: SimStorage, clock: SimClock, wall: WallClock, bootId: number, maxBytes?: number): TransactionQueue {
  const q = new TransactionQueue(storage, clock, wall, { bootId, maxBytes });
  q.open();
  return q;
}

function records(q: TransactionQueue): TxRecord[] {
  const out: TxRecord[] = [];
  q.forEachRecord((r) => out.push(r));
  return out;
}

const start = (ref: number, t?: number) => ({ ref, connectorId: 1, idTag: "CAFE" + ref, meterStart: ref * 100, timestampEpochMs: t });
const stop = (ref: number, t?: number) => ({ ref, idTag: "CAFE" + ref, meterStop: ref * 100 + 50, timestampEpochMs: t, reason: "Local" as const });
const meter = (ref: number, wh: number, t?: number) => ({ ref, connectorId: 1, wh, timestampEpochMs: t });

describe("TransactionQueue", () => {
  test("keeps messages in order with their data; repeats of a ref are ignored, also after a reboot", () => {
    const storage = new SimStorage({ pages: 64 });
    const clock = new SimClock();
    const wall = new WallClock(clock);
    wall.set(T0);
    const q = open(storage, clock, wall, 1);
    expect(q.addStart(start(1))).toBe("queued");
    expect(q.addMeter(meter(1, 120))).toBe("queued");
    expect(q.addStop(stop(1))).toBe("queued");
    expect(q.addStart(start(1))).toBe("repeat");
    expect(q.addStop(stop(1))).toBe("repeat");
    expect(q.addStart(start(2, T0 + 5000))).toBe("queued");
    const again = open(storage, clock, wall, 2);
    expect(again.addStart(start(2))).toBe("repeat");
    expect(again.addStop(stop(1))).toBe("repeat");
    expect(records(again).map((r) => [r.kind, r.ref, r.idTag, r.meterWh, r.epochS])).toEqual([
      [KIND_START, 1, "CAFE1", 100, T0 / 1000],
      [KIND_METER, 1, "", 120, T0 / 1000],
      [KIND_STOP, 1, "CAFE1", 150, T0 / 1000],
      [KIND_START, 2, "CAFE2", 200, T0 / 1000 + 5],
    ]);
  });

  test("a confirmed start is remembered (transactionId for a later stop), even when the queue is empty and the unit reboots", () => {
    const storage = new SimStorage({ pages: 64 });
    const clock = new SimClock();
    const wall = new WallClock(clock);
    wall.set(T0);
    const q = open(storage, clock, wall, 1);
    q.addStart(start(7));
    const h = q.head()!;
    q.confirmStart(h, 4242, { status: "Accepted" });
    expect(q.count()).toBe(0);
    const again = open(storage, clock, wall, 2);
    expect(again.addStart(start(7))).toBe("repeat");
    expect(again.knownTransaction(7)).toEqual({ ref: 7, transactionId: 4242, info: { status: "Accepted" } });
    again.addStop(stop(7));
    const s = again.head()!;
    expect(again.transactionIdOf(s.rec)).toBe(4242);
    again.confirmStop(s);
    expect(again.knownTransaction(7)).toBeUndefined();
    expect(open(storage, clock, wall, 3).addStop(stop(7))).toBe("repeat");
  });

  test("times of messages queued while the wall clock was unknown: from the boot's base once known; earlier boots end before the next one", () => {
    const storage = new SimStorage({ pages: 64 });
    const clock = new SimClock();
    // Boot A: never learns the time; two messages at uptime 10 s and 70 s.
    let wall = new WallClock(clock);
    let q = open(storage, clock, wall, 111);
    clock.advance(10_000);
    q.addStart(start(1));
    clock.advance(60_000);
    q.addStop(stop(1));
    // Boot B (uptime restarts: a new clock): a start at 5 s, then the time becomes known at 20 s.
    const clockB = new SimClock();
    wall = new WallClock(clockB);
    q = open(storage, clockB, wall, 222);
    clockB.advance(5_000);
    q.addStart(start(2));
    clockB.advance(15_000);
    wall.set(T0 + 20_000);
    const bBase = T0 / 1000;
    const times = records(q).map((r) => q.timestampOf(r));
    // B's start: base + 5 s. A ended 1 s before B began: its last message at bBase - 1.
    expect(times).toEqual([bBase - 1 - 60, bBase - 1, bBase + 5]);
    // Fixed once: after another reboot (B's base no longer computable) the same times come out.
    const clockC = new SimClock();
    const wallC = new WallClock(clockC);
    wallC.set(T0 + 9_999_000);
    const qc = open(storage, clockC, wallC, 333);
    expect(records(qc).map((r) => qc.timestampOf(r))).toEqual(times);
  });

  test("no time is made up while the wall clock is unknown", () => {
    const storage = new SimStorage({ pages: 64 });
    const clock = new SimClock();
    const q = open(storage, clock, new WallClock(clock), 5);
    q.addStart(start(1));
    expect(q.timestampOf(q.head()!.rec)).toBeUndefined();
  });

  test("queue-full policy: MeterValues stop before Start/Stop do; queued MeterValues go first; then RAM; then dropped", () => {
    const storage = new SimStorage({ pages: 64 });
    const clock = new SimClock();
    const wall = new WallClock(clock);
    wall.set(T0);
    const q = open(storage, clock, wall, 1, 16384);
    let ref = 1;
    // Meter values until they are refused: the reserve is then still free for Start/Stop.
    q.addStart(start(ref));
    let meters = 0;
    while (q.addMeter(meter(ref, meters)) === "queued") meters++;
    expect(q.droppedMeterValues).toBe(1);
    expect(meters).toBeGreaterThan(50);
    expect(q.hasRoomForTransaction()).toBe(true);
    // Start/Stop pairs keep going into the reserve.
    let pairs = 0;
    while (q.hasRoomForTransaction()) {
      expect(q.addStop(stop(ref))).toBe("queued");
      ref++;
      expect(q.addStart(start(ref))).toBe("queued");
      pairs++;
    }
    expect(pairs * 2 * 100).toBeGreaterThan(METER_RESERVE_BYTES * 0.8);
    // Full: the queued MeterValues are dropped to make room for Start/Stop; then Start/Stop wait
    // in RAM (in order, behind everything in flash); then they are dropped.
    const results: string[] = [];
    let stopNext = true;
    for (;;) {
      const r = stopNext ? q.addStop(stop(ref)) : q.addStart(start(++ref));
      stopNext = !stopNext;
      results.push(r);
      if (r === "dropped" || results.length > 5000) break;
    }
    expect(q.droppedMeterValues).toBe(meters + 1);
    expect(records(q).some((r) => r.kind === KIND_METER)).toBe(false);
    const firstNotQueued = results.findIndex((r) => r !== "queued");
    expect(firstNotQueued).toBeGreaterThan(20); // the meter values' room went to Start/Stop
    expect(results.slice(firstNotQueued)).toEqual([...Array(RAM_OVERFLOW_MAX).fill("ram"), "dropped"]);
    expect(q.droppedTransactionMessages).toBe(1);
    expect(q.hasRoomForTransaction()).toBe(false);
    const all = records(q);
    const refs = all.map((r) => r.ref);
    expect(refs).toEqual([...refs].sort((a, b) => a - b));
    // Delivering frees flash: RAM messages move to flash, in order.
    for (let i = 0; i < 40; i++) {
      const h = q.head()!;
      if (h.rec.kind === KIND_START) q.confirmStart(h, i + 1, { status: "Accepted" });
      else q.confirmStop(h);
    }
    expect(records(q).map((r) => r.ref)).toEqual(refs.slice(40));
    expect(q.count()).toBe(all.length - 40);
  });
});
