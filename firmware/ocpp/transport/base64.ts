// Base64 (RFC 4648, standard alphabet, padded) of 8-bit strings. Hand-written so the firmware does
// not depend on a board having `btoa`/`atob`.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 of an 8-bit string (characters above 255 are cut to their low byte). */
export function base64Encode(bytes: string): string {
  let out = "";
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = ((bytes.charCodeAt(i) & 255) << 16) | ((bytes.charCodeAt(i + 1) & 255) << 8) | (bytes.charCodeAt(i + 2) & 255);
    out += ALPHABET.charAt(v >> 18) + ALPHABET.charAt((v >> 12) & 63) + ALPHABET.charAt((v >> 6) & 63) + ALPHABET.charAt(v & 63);
  }
  if (n - i === 1) {
    const v = (bytes.charCodeAt(i) & 255) << 16;
    out += ALPHABET.charAt(v >> 18) + ALPHABET.charAt((v >> 12) & 63) + "==";
  } else if (n - i === 2) {
    const v = ((bytes.charCodeAt(i) & 255) << 16) | ((bytes.charCodeAt(i + 1) & 255) << 8);
    out += ALPHABET.charAt(v >> 18) + ALPHABET.charAt((v >> 12) & 63) + ALPHABET.charAt((v >> 6) & 63) + "=";
  }
  return out;
}

/** The 8-bit string a padded Base64 text stands for; undefined if the text is not canonical Base64. */
export function base64Decode(text: string): string | undefined {
  if (text.length % 4 !== 0) return undefined;
  let out = "";
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = ALPHABET.indexOf(text.charAt(i));
    const b = ALPHABET.indexOf(text.charAt(i + 1));
    const c3 = text.charAt(i + 2);
    const c4 = text.charAt(i + 3);
    const c = c3 === "=" && last && c4 === "=" ? 0 : ALPHABET.indexOf(c3);
    const d = c4 === "=" && last ? 0 : ALPHABET.indexOf(c4);
    if (a < 0 || b < 0 || c < 0 || d < 0) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out += String.fromCharCode(v >> 16);
    if (c3 !== "=" || !last) out += String.fromCharCode((v >> 8) & 255);
    else if (v & 0xffff) return undefined;
    if (c4 !== "=" || !last) out += String.fromCharCode(v & 255);
    else if (v & 0xff) return undefined;
  }
  return out;
}
