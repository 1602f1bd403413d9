import fc from "fast-check";
import { compareKeys, decodeIdTag, encodeIdTag, keyLength } from "../../../firmware/allowlist/id-tag-key";

function enc(t: string): [number, string] {
  const b = new Uint8Array(20);
  const code = encodeIdTag(t, b, 0);
  return [code, code ? decodeIdTag(code, b, 0) : ""];
}

describe("idTag keys", () => {
  it("stores hex UIDs of 4, 7 and 10 bytes as bytes, byte 0 first", () => {
    const b = new Uint8Array(20);
    expect(encodeIdTag("04a1B2c3", b, 0)).toBe(0x44);
    expect([...b.subarray(0, 4)]).toEqual([0x04, 0xa1, 0xb2, 0xc3]);
    expect(enc("04A1B2C3D4E5F6")).toEqual([0x47, "04A1B2C3D4E5F6"]);
    expect(enc("0102030405060708090a")).toEqual([0x4a, "0102030405060708090A"]);
    expect(keyLength(0x47)).toBe(7);
  });

  it("stores other idTags as upper-case text and refuses what is not an idTag", () => {
    expect(enc("Mobile000001")).toEqual([12, "MOBILE000001"]);
    expect(enc("04A1B2C3D")).toEqual([9, "04A1B2C3D"]);
    expect(enc("0411223344556G")).toEqual([14, "0411223344556G"]);
    expect(enc("")[0]).toBe(0);
    expect(enc("x".repeat(21))[0]).toBe(0);
    expect(enc("tab\there")[0]).toBe(0);
    expect(enc("caf\u00e9")[0]).toBe(0);
  });

  it("compares case-insensitively and orders by code, then bytes", () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom(..."0123456789abcdefABCDEFxyz-*".split("")) }), (t) => {
      const a = new Uint8Array(20);
      const b = new Uint8Array(20);
      const ca = encodeIdTag(t.toLowerCase(), a, 0);
      const cb = encodeIdTag(t.toUpperCase(), b, 0);
      expect(ca).toBe(cb);
      expect(compareKeys(ca, a, 0, cb, b, 0)).toBe(0);
      expect(decodeIdTag(ca, a, 0)).toBe(t.toUpperCase());
    }));
    const k = (t: string): [number, Uint8Array] => {
      const b = new Uint8Array(20);
      return [encodeIdTag(t, b, 0), b];
    };
    const [c1, b1] = k("04A1B2C3");
    const [c2, b2] = k("04A1B2C4");
    const [c3, b3] = k("ZZ");
    expect(compareKeys(c1, b1, 0, c2, b2, 0)).toBeLessThan(0);
    expect(compareKeys(c3, b3, 0, c1, b1, 0)).toBeLessThan(0); // text sections come before UIDs
  });
});
