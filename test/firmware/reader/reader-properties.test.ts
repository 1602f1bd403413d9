// Property tests: random sets of one to three cards (4, 7 and 10-byte UIDs) entering and leaving
// at random simulated times, with and without noise and MISO garbage.
//  - every UID reported is exactly the UID of a card in the field at that moment;
//  - every card left alone in the field long enough is reported (it is the reader's current card);
//  - presented/removed alternate per card; without faults, removal only follows a real absence.
import fc from "fast-check";
import { cardFor, ultralight, Picc } from "../../../hal/sim/mfrc522/picc";
import { Presence as FieldPresence } from "../../../hal/sim/mfrc522/field";
import { rig, hexUid } from "./reader-harness";

const byte = fc.oneof(fc.constantFrom(0x00, 0x04, 0x12, 0x88, 0xff), fc.integer({ min: 0, max: 255 }));
const uidArb = fc.oneof(
  fc.array(byte, { minLength: 4, maxLength: 4 }),
  fc.array(byte, { minLength: 7, maxLength: 7 }),
  fc.array(byte, { minLength: 10, maxLength: 10 }),
);
const stayArb = fc.record({ enter: fc.integer({ min: 0, max: 4000 }), stay: fc.integer({ min: 30, max: 3000 }) });
const cardArb = fc.record({
  uid: uidArb,
  ultralight: fc.boolean(),
  stays: fc.array(stayArb, { minLength: 1, maxLength: 2 }),
});

interface Scenario {
  cards: { uid: number[]; ultralight: boolean; stays: { enter: number; stay: number }[] }[];
  collPos: string;
  noise: number;
  garbage: number;
  loss: number;
  seed: number;
}

function scenarioArb(faulty: boolean): fc.Arbitrary<Scenario> {
  return fc.record({
    cards: fc.uniqueArray(cardArb, { minLength: 1, maxLength: 3, selector: (c) => hexUid(c.uid) }),
    collPos: fc.constantFrom("nxp", "absolute"),
    noise: faulty ? fc.constantFrom(0, 0.05, 0.1) : fc.constant(0),
    garbage: faulty ? fc.constantFrom(0, 0.001, 0.004) : fc.constant(0),
    loss: faulty ? fc.constantFrom(0, 0.03) : fc.constant(0),
    seed: fc.integer({ min: 1, max: 1 << 30 }),
  });
}

const STEP = 25;

function run(s: Scenario, aloneMs: number): void {
  const r = rig({ collPos: s.collPos, seed: s.seed });
  r.chip.setNoise(s.noise);
  r.chip.setGarbage(s.garbage);
  r.chip.setCommandLoss(s.loss);
  const cards: Picc[] = [];
  let end = 0;
  for (const c of s.cards) {
    const card = c.ultralight && c.uid.length === 7 ? ultralight(c.uid) : cardFor(c.uid);
    cards.push(card);
    // Stays of one card must not overlap: the second starts after the first ends.
    let t = 0;
    for (const st of c.stays) {
      const enter = Math.max(st.enter, t + 1);
      r.chip.field.enter(card, enter);
      r.chip.field.leave(card, enter + st.stay);
      t = enter + st.stay;
      end = Math.max(end, t);
    }
  }
  r.reader.start();
  const samples: { t: number; current: string; present: Picc[] }[] = [];
  const until = end + 1500;
  while (r.clock.now() < until) {
    r.clock.advance(STEP);
    const t = r.clock.now();
    samples.push({ t, current: r.reader.currentCard(), present: r.chip.field.at(t).map((p: FieldPresence) => p.card) });
  }
  const byId = new Map(cards.map((c) => [hexUid(c.uid), c]));
  const presences = r.chip.field.presences;

  // 1. Every reported UID is exactly that of a card in the field at that moment.
  for (const e of r.rec.of("presented")) {
    const card = byId.get(e.id);
    if (!card) throw new Error(`reported ${e.id}, which is no card's UID`);
    const there = presences.some((p) => p.card === card && p.enter <= e.t && p.leave >= e.t - 5);
    if (!there) throw new Error(`reported ${e.id} at ${e.t.toFixed(2)} while it was not in the field`);
  }

  // 2. Presented and removed alternate per card, starting with presented.
  const state = new Map<string, boolean>();
  for (const e of r.rec.events) {
    if (e.kind === "health") continue;
    const on = state.get(e.id) || false;
    if (e.kind === "presented" === on) throw new Error(`${e.kind} ${e.id} at ${e.t} out of order`);
    state.set(e.id, e.kind === "presented");
  }

  // 3. A card alone in the field for `aloneMs` is the reader's current card by then.
  for (const card of cards) {
    const id = hexUid(card.uid);
    let runStart = -1;
    for (const smp of samples) {
      const alone = smp.present.length === 1 && smp.present[0] === card;
      if (!alone) {
        runStart = -1;
        continue;
      }
      if (runStart < 0) runStart = smp.t;
      if (smp.t - runStart >= aloneMs && smp.current !== id) {
        throw new Error(`${id} alone since ${runStart}, not reported at ${smp.t} (current: "${smp.current}")`);
      }
    }
  }

  // 4. Without faults, a removal follows a real absence.
  if (s.noise === 0 && s.garbage === 0 && s.loss === 0) {
    for (const e of r.rec.of("removed")) {
      const card = byId.get(e.id) as Picc;
      const covered = presences.some((p: FieldPresence) => p.card === card && p.enter <= e.t - 250 && p.leave >= e.t);
      if (covered) throw new Error(`removed ${e.id} at ${e.t} although it stayed in the field`);
    }
  }
}

test("clean field: exact UIDs, every lone card reported, removals only after absences", () => {
  fc.assert(fc.property(scenarioArb(false), (s) => run(s, 700)), { numRuns: Number(process.env.READER_PROPERTY_RUNS || 60) });
});

test("noise, lost commands and MISO garbage: still never a wrong UID, lone cards still reported", () => {
  fc.assert(fc.property(scenarioArb(true), (s) => run(s, 2000)), { numRuns: Number(process.env.READER_PROPERTY_RUNS || 60) });
});
