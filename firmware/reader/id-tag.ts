// A UID as an idTag: uppercase hex, byte 0 first (8, 14 or 20 characters).

const HEX = "0123456789ABCDEF";

export function uidToIdTag(uid: Uint8Array, len: number): string {
  let s = "";
  for (let i = 0; i < len; i++) {
    const b = uid[i] as number;
    s += HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  }
  return s;
}
