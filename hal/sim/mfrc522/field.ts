// Which cards are near the antenna, and when. Presence intervals are kept, so the chip can cut a
// card's answer at the bit where it left, and tests can ask what was in the field at a moment.

import { Picc } from "./picc";
import { codedError } from "../../coded-error";

export interface Presence {
  card: Picc;
  /** Simulated ms at which the card came within range. */
  enter: number;
  /** Simulated ms at which it left (Infinity while it stays). */
  leave: number;
}

export class Field {
  readonly presences: Presence[] = [];

  /** The card comes within range at `atMs`. */
  enter(card: Picc, atMs: number): Presence {
    const open = this.openPresence(card);
    if (open && open.enter <= atMs) {
      throw codedError("EBUSY", "card is already in the field");
    }
    const p: Presence = { card: card, enter: atMs, leave: Infinity };
    this.presences.push(p);
    return p;
  }

  /** The card leaves at `atMs` (ends its open presence). */
  leave(card: Picc, atMs: number): void {
    const open = this.openPresence(card);
    if (!open) {
      throw codedError("ENOENT", "card is not in the field");
    }
    open.leave = atMs > open.enter ? atMs : open.enter;
  }

  /** The presence of `card` that covers time `t`, if any. */
  presenceAt(card: Picc, t: number): Presence | null {
    for (let i = 0; i < this.presences.length; i++) {
      const p = this.presences[i] as Presence;
      if (p.card === card && p.enter <= t && t < p.leave) return p;
    }
    return null;
  }

  /** Presences covering time `t` (at most one per card). */
  at(t: number): Presence[] {
    const out: Presence[] = [];
    for (let i = 0; i < this.presences.length; i++) {
      const p = this.presences[i] as Presence;
      if (p.enter <= t && t < p.leave) out.push(p);
    }
    return out;
  }

  /** Every card that was ever placed, once each. */
  cards(): Picc[] {
    const out: Picc[] = [];
    for (let i = 0; i < this.presences.length; i++) {
      const c = (this.presences[i] as Presence).card;
      if (out.indexOf(c) < 0) out.push(c);
    }
    return out;
  }

  private openPresence(card: Picc): Presence | null {
    for (let i = this.presences.length - 1; i >= 0; i--) {
      const p = this.presences[i] as Presence;
      if (p.card === card && p.leave === Infinity) return p;
    }
    return null;
  }
}
