// A power cut at every flash write while transactions are queued offline and then delivered:
// after the reboot (and the session's re-issue of its last start and stop, as its contract says)
// every transaction reaches the Central System, in order, each message always with the same data,
// every stop with the transactionId its start got. MeterValues may be lost only if the cut hit
// their own write. The wall clock stays unknown, so the fixing of times is covered too.
import { SimStorage } from "../../../../hal/sim/storage";
import { SimCharger } from "../../../../tools/ocpp-testkit/sim-charger";

type Op = { kind: "start" | "stop" | "meter"; ref: number };
const OPS: Op[] = [
  { kind: "start", ref: 1 },
  { kind: "meter", ref: 1 },
  { kind: "stop", ref: 1 },
  { kind: "start", ref: 2 },
  { kind: "meter", ref: 2 },
  { kind: "stop", ref: 2 },
  { kind: "start", ref: 3 },
  { kind: "stop", ref: 3 },
];

function apply(c: SimCharger, op: Op): void {
  const b = c.stack.backend;
  if (op.kind === "start") b.startTransaction({ ref: op.ref, connectorId: 1, idTag: "CAFE" + op.ref, meterStart: op.ref * 1000 });
  else if (op.kind === "stop") b.stopTransaction({ ref: op.ref, idTag: "CAFE" + op.ref, meterStop: op.ref * 1000 + 500, reason: "Local" });
  else b.meterValues({ ref: op.ref, connectorId: 1, wh: op.ref * 1000 + 250 });
  c.clock.advance(30_000);
}

function isPowerCut(e: unknown): boolean {
  return (e as { code?: string }).code === "POWER";
}

interface Outcome {
  cut: boolean;
  /** The op whose write the power cut hit, if any. */
  hit?: Op;
  charger: SimCharger;
}

function run(cutAt?: { nth: number; landed: number }): Outcome {
  const storage = new SimStorage({ pages: 64 });
  const c = new SimCharger({ storage, startOffline: true, cs: { idTags: { CAFE1: "Accepted", CAFE2: "Accepted", CAFE3: "Accepted" } } });
  if (cutAt) storage.cutPowerAt(cutAt.nth, cutAt.landed);
  let next = 0;
  let hit: Op | undefined;
  let cut = false;
  try {
    for (; next < OPS.length; next++) apply(c, OPS[next]!);
    c.cs.listen();
    c.runUntil(() => c.stack.backend.queued() === 0, "delivered", 600_000);
  } catch (e) {
    if (!isPowerCut(e)) throw e;
    cut = true;
    if (next < OPS.length) hit = OPS[next];
  }
  if (!cut) return { cut, charger: c };
  // Power back: the firmware boots on the same flash; the session re-issues its last start and stop.
  c.cs.refuse();
  c.cs.drop();
  c.reboot();
  const issued = OPS.slice(0, hit ? next + 1 : next);
  const lastStart = [...issued].reverse().find((o) => o.kind === "start");
  const lastStop = [...issued].reverse().find((o) => o.kind === "stop");
  if (lastStart) apply(c, lastStart);
  if (lastStop) apply(c, lastStop);
  for (let i = hit ? next + 1 : next; i < OPS.length; i++) apply(c, OPS[i]!);
  c.cs.listen();
  c.runUntil(() => c.stack.backend.queued() === 0, "delivered after the cut", 600_000);
  return { cut, hit, charger: c };
}

function check(o: Outcome): void {
  const c = o.charger;
  expect(c.cs.invalid).toEqual([]);
  const tx = c.cs.received.filter((r) => r.action === "StartTransaction" || r.action === "StopTransaction" || r.action === "MeterValues");
  // The same message (kind + ref) always carries the same data.
  const keyOf = (r: { action: string; payload: any }) => {
    if (r.action === "StartTransaction") return "start" + r.payload.idTag.slice(4);
    if (r.action === "StopTransaction") return "stop" + r.payload.idTag.slice(4);
    return "meter" + Math.floor(Number(r.payload.meterValue[0].sampledValue[0].value) / 1000);
  };
  const seen = new Map<string, string>();
  for (const r of tx) {
    const k = keyOf(r);
    const p = { ...r.payload };
    // (a stop's transactionId is checked below: a start delivered twice gets a second id)
    if (r.action !== "StartTransaction") delete p.transactionId;
    const text = JSON.stringify(p);
    if (seen.has(k)) expect(text).toBe(seen.get(k));
    seen.set(k, text);
  }
  // Every start and stop arrived; first arrivals in the order they happened.
  const firsts = [...seen.keys()];
  const expected = OPS.map((op) => op.kind + op.ref).filter((k) => firsts.includes(k) || !k.startsWith("meter"));
  expect(firsts).toEqual(expected);
  for (const op of OPS) if (op.kind === "meter" && !firsts.includes("meter" + op.ref)) expect(o.hit).toEqual(op);
  // Each stop carries the transactionId of the last StartTransaction answer for its ref.
  let id = 0;
  const lastIdOfRef: Record<string, number> = {};
  for (const r of tx) {
    if (r.action === "StartTransaction") lastIdOfRef[r.payload.idTag] = ++id;
    else if (r.action === "StopTransaction") expect(r.payload.transactionId).toBe(lastIdOfRef[r.payload.idTag]);
    else expect(r.payload.transactionId).toBe(lastIdOfRef["CAFE" + keyOf(r).slice(5)]);
  }
  // Times: no repeat drifted, and they never go backwards.
  const times = tx.filter((r) => r.action !== "MeterValues").map((r) => Date.parse(r.payload.timestamp));
  for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
}

test("no power cut: the reference run", () => {
  const o = run();
  expect(o.cut).toBe(false);
  check(o);
  expect(o.charger.cs.calls("StartTransaction")).toHaveLength(3);
  expect(o.charger.cs.calls("StopTransaction")).toHaveLength(3);
  expect(o.charger.cs.calls("MeterValues")).toHaveLength(2);
});

test("a power cut at every write (nothing landed, part landed, all but the last unit landed)", () => {
  // How many flash operations the clean run makes.
  const storage = new SimStorage({ pages: 64 });
  const probe = new SimCharger({ storage, startOffline: true, cs: { idTags: { CAFE1: "Accepted", CAFE2: "Accepted", CAFE3: "Accepted" } } });
  const before = storage.counters.operations;
  for (const op of OPS) apply(probe, op);
  probe.cs.listen();
  probe.runUntil(() => probe.stack.backend.queued() === 0, "delivered", 600_000);
  const writes = storage.counters.operations - before;
  expect(writes).toBeGreaterThan(20);
  let cuts = 0;
  for (let nth = 1; nth <= writes; nth++) {
    for (const landed of [0, 7, 1e9]) {
      const o = run({ nth, landed });
      expect(o.cut).toBe(true);
      cuts++;
      try {
        check(o);
      } catch (e) {
        throw new Error(`cut at write ${nth} (landed ${landed}, during ${o.hit ? o.hit.kind + o.hit.ref : "delivery"}): ${(e as Error).message}`);
      }
    }
  }
  expect(cuts).toBe(writes * 3);
});
