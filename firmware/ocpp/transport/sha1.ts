// SHA-1 (FIPS 180-4) of an 8-bit string, in plain 32-bit integer arithmetic. Only the WebSocket
// handshake uses it (Sec-WebSocket-Accept), where collisions do not matter.

/** A hash of an 8-bit string as a 20-character 8-bit string (the raw digest). */
export type Sha1 = (bytes: string) => string;

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

function wordToBytes(v: number): string {
  return String.fromCharCode((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
}

export function sha1(bytes: string): string {
  const n = bytes.length;
  // Message + 0x80 + zero padding + 64-bit length, in 16-word blocks.
  const words = (((n + 8) >> 6) + 1) * 16;
  const w = new Int32Array(words);
  for (let i = 0; i < n; i++) w[i >> 2] = (w[i >> 2] as number) | ((bytes.charCodeAt(i) & 255) << (24 - (i & 3) * 8));
  w[n >> 2] = (w[n >> 2] as number) | (0x80 << (24 - (n & 3) * 8));
  // Bit length: high word (n * 8 / 2^32) then low word.
  w[words - 2] = Math.floor(n / 0x20000000);
  w[words - 1] = (n * 8) | 0;

  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  const x = new Int32Array(80);
  for (let block = 0; block < words; block += 16) {
    for (let t = 0; t < 16; t++) x[t] = w[block + t] as number;
    for (let t = 16; t < 80; t++) x[t] = rotl((x[t - 3] as number) ^ (x[t - 8] as number) ^ (x[t - 14] as number) ^ (x[t - 16] as number), 1);
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const tmp = (rotl(a, 5) + f + e + k + (x[t] as number)) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = tmp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  return wordToBytes(h0) + wordToBytes(h1) + wordToBytes(h2) + wordToBytes(h3) + wordToBytes(h4);
}
