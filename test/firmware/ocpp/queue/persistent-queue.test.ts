import fc from "fast-check";
import { PersistentQueue } from "../../../../firmware/ocpp/queue/persistent-queue";
import { SimStorage } from "../../../../hal/sim/storage";

function open(storage: SimStorage, opts = { segmentBytes: 256, maxBytes: 2048 }) {
  const q = new PersistentQueue(storage, "txq", opts);
  q.open();
  return q;
}

describe("PersistentQueue", () => {
  test("first in, first out; acknowledged messages are gone; survives a reboot", () => {
    const storage = new SimStorage({ pages: 8 });
    const q = open(storage);
    const a = q.push(1, "start A");
    q.push(2, "stop A");
    q.push(1, "start B");
    expect(q.peek()).toEqual({ seq: a, kind: 1, payload: "start A" });
    q.ack(a);
    expect(q.peek()!.payload).toBe("stop A");
    storage.powerCycle();
    const again = open(storage);
    expect(again.pending().map((m) => m.payload)).toEqual(["stop A", "start B"]);
    expect(again.push(3, "meter") ).toBe(4);
  });

  test("spans segments, erases fully acknowledged ones, and reports FULL with room math", () => {
    const storage = new SimStorage({ pages: 8 });
    const q = open(storage, { segmentBytes: 80, maxBytes: 240 });
    const seqs: number[] = [];
    for (let i = 0; i < 6; i++) seqs.push(q.push(1, "message-" + i + "-xxxxxxxxxxxx"));
    expect(storage.list("txq").length).toBe(3);
    expect(() => q.push(1, "message-6-xxxxxxxxxxxx")).toThrow(expect.objectContaining({ code: "FULL" }));
    expect(q.hasRoomFor(22)).toBe(false);
    q.ack(seqs[0]!);
    q.ack(seqs[1]!);
    expect(storage.list("txq").length).toBe(2);
    expect(q.hasRoomFor(22)).toBe(true);
    q.push(1, "message-6-xxxxxxxxxxxx");
    expect(q.pending().map((m) => m.payload)).toEqual([2, 3, 4, 5, 6].map((i) => "message-" + i + "-xxxxxxxxxxxx"));
  });

  test("a flipped byte in a stored record is never delivered", () => {
    const storage = new SimStorage({ pages: 8 });
    const q = open(storage);
    q.push(1, "first");
    q.push(1, "second");
    storage.corrupt(storage.list("txq")[0]!, 13 + 5 + 13 + 2, 0x01);
    const again = open(storage);
    expect(again.pending().map((m) => m.payload)).toEqual(["first"]);
    expect(again.damaged).toBe(1);
  });

  type Op = { push: string } | { ack: true };
  const ops = fc.array(fc.oneof(fc.record({ push: fc.string({ minLength: 0, maxLength: 40 }) }), fc.constant({ ack: true as const })), { minLength: 1, maxLength: 25 });

  test("property: a power cut at any write leaves the queue before or after that operation, in order, same data", () => {
    fc.assert(
      fc.property(ops, fc.nat(60), fc.nat(80), (seq: Op[], cutAt: number, landed: number) => {
        const storage = new SimStorage({ pages: 8 });
        const q = open(storage, { segmentBytes: 128, maxBytes: 4096 });
        const model: string[] = [];
        const seqOf: number[] = [];
        let before: string[] = [];
        let after: string[] = [];
        storage.cutPowerAt(cutAt + 1, landed);
        for (const op of seq) {
          before = model.slice();
          try {
            if ("push" in op) {
              seqOf.push(q.push(1, op.push));
              model.push(op.push);
            } else if (model.length) {
              q.ack(seqOf[0]!);
              seqOf.shift();
              model.shift();
            }
          } catch (e: any) {
            if (e.code !== "POWER") throw e;
            after = "push" in op ? [...before, op.push] : before.slice(1);
            storage.powerCycle();
            const got = open(storage, { segmentBytes: 128, maxBytes: 4096 }).pending().map((m) => m.payload);
            expect([JSON.stringify(before), JSON.stringify(after)]).toContain(JSON.stringify(got));
            return;
          }
        }
        storage.powerCycle();
        expect(open(storage, { segmentBytes: 128, maxBytes: 4096 }).pending().map((m) => m.payload)).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });
});
