/** What the card reader tells the rest of the firmware. idTags are canonical: uppercase hex, byte 0 first. */
export interface ReaderListener {
  /** A card arrived in the field (reported once per presentation). */
  cardPresented(idTag: string): void;
  /** The card left the field. */
  cardRemoved(idTag: string): void;
  /** The reader became healthy or faulted (hung, silently reset and not recoverable, ...). */
  healthChanged(healthy: boolean, detail: string): void;
}
