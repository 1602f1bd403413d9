// UTF-8 between JS strings and 8-bit strings (the bytes on the wire). ASCII, the usual OCPP
// content, passes through without building a new string.

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** UTF-8 bytes of a JS string. A lone surrogate becomes U+FFFD. */
export function utf8Encode(s: string): string {
  if (isAscii(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out += s.charAt(i);
      continue;
    }
    if (c < 0x800) {
      out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out += String.fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        continue;
      }
      c = 0xfffd;
    }
    out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/**
 * The JS string that UTF-8 bytes encode, or undefined if they are not valid UTF-8 (overlong forms,
 * surrogates, values above U+10FFFF and truncated sequences are all invalid, as RFC 3629 says).
 */
export function utf8Decode(bytes: string): string | undefined {
  if (isAscii(bytes)) return bytes;
  let out = "";
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b0 = bytes.charCodeAt(i);
    if (b0 < 0x80) {
      out += bytes.charAt(i);
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 31;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 15;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 7;
      min = 0x10000;
    } else return undefined;
    if (i + need > n - 1) return undefined;
    for (let k = 1; k <= need; k++) {
      const b = bytes.charCodeAt(i + k);
      if (!(b >= 0x80 && b <= 0xbf)) return undefined;
      cp = (cp << 6) | (b & 63);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023));
    } else out += String.fromCharCode(cp);
    i += need + 1;
  }
  return out;
}
