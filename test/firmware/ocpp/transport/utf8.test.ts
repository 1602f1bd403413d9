import fc from "fast-check";
import { utf8Decode, utf8Encode } from "../../../../firmware/ocpp/transport/utf8";

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

describe("utf8", () => {
  test("encodes like Node for any well-formed string, and decodes back", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        const bytes = utf8Encode(s);
        expect(bytes).toBe(Buffer.from(s, "utf8").toString("latin1"));
        expect(utf8Decode(bytes)).toBe(s);
      }),
    );
  });

  test("ASCII passes through unchanged", () => {
    const s = '[2,"1","Heartbeat",{}]';
    expect(utf8Encode(s)).toBe(s);
    expect(utf8Decode(s)).toBe(s);
  });

  test("a lone surrogate is encoded as U+FFFD", () => {
    expect(utf8Encode("a\ud800b")).toBe("a\xef\xbf\xbdb");
  });

  test("decoding agrees with a strict decoder on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let expected: string | undefined;
        try {
          expected = fatal.decode(bytes);
        } catch {
          expected = undefined;
        }
        expect(utf8Decode(Buffer.from(bytes).toString("latin1"))).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  test("rejects overlong forms, surrogates, values past U+10FFFF and truncation", () => {
    for (const bad of ["\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80", "\xff"]) {
      expect(utf8Decode(bad)).toBeUndefined();
    }
  });
});
