import { createHash } from "crypto";
import fc from "fast-check";
import { sha1 } from "../../../../firmware/ocpp/transport/sha1";

const hex = (raw: string) => Buffer.from(raw, "latin1").toString("hex");

describe("sha1", () => {
  test("FIPS 180 / RFC 3174 vectors", () => {
    expect(hex(sha1(""))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(hex(sha1("abc"))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    expect(hex(sha1("a".repeat(1000000)))).toBe("34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  });

  test("RFC 6455 §1.3 handshake example", () => {
    expect(Buffer.from(sha1("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11"), "latin1").toString("base64")).toBe(
      "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
    );
  });

  test("every length across the padding boundaries matches Node's SHA-1", () => {
    for (let n = 0; n <= 200; n++) {
      const s = String.fromCharCode(...Array.from({ length: n }, (_, i) => (i * 37 + n) & 255));
      expect(hex(sha1(s))).toBe(createHash("sha1").update(Buffer.from(s, "latin1")).digest("hex"));
    }
  });

  test("matches Node's SHA-1 on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(hex(sha1(Buffer.from(bytes).toString("latin1")))).toBe(createHash("sha1").update(bytes).digest("hex"));
      }),
    );
  });
});
