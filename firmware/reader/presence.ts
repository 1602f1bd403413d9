// Presence of the card on the reader, debounced (reference §6.3): a card is reported once per
// presentation; it is declared gone after `removalMisses` polls that found it absent with a
// clean answer (nothing answered, or other cards answered but not it). Polls that end in errors
// prove nothing and count neither way: noise near a card is not a removal.

export class Presence {
  private uid: Uint8Array;
  private len: number;
  private id: string;
  private misses: number;
  private removalMisses: number;

  constructor(removalMisses: number) {
    this.uid = new Uint8Array(10);
    this.len = 0;
    this.id = "";
    this.misses = 0;
    this.removalMisses = removalMisses > 1 ? removalMisses : 2;
  }

  /** The card being tracked ("" for none). */
  current(): string {
    return this.id;
  }

  trackedUid(): Uint8Array {
    return this.uid;
  }

  trackedLen(): number {
    return this.len;
  }

  /** A card was read; returns true when it is a new presentation. */
  read(uid: Uint8Array, len: number, id: string): boolean {
    this.misses = 0;
    if (this.id === id) return false;
    for (let i = 0; i < len; i++) this.uid[i] = uid[i] as number;
    this.len = len;
    this.id = id;
    return true;
  }

  /** The tracked card answered. */
  confirmed(): void {
    this.misses = 0;
  }

  /** A clean poll without the tracked card; returns the idTag that is now gone, or "". */
  missed(): string {
    if (this.id === "") return "";
    if (++this.misses < this.removalMisses) return "";
    const gone = this.id;
    this.id = "";
    this.len = 0;
    this.misses = 0;
    return gone;
  }
}
