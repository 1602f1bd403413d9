import { bytesToString, getU16, getU32, putString, putU16, putU32 } from "../../../firmware/persist/bytes";

describe("persist/bytes", () => {
  it("writes an 8-bit string in place and reads it back", () => {
    const b = new Uint8Array(8).fill(0xee);
    putString(b, 2, "A\u00ff\u0000z");
    expect(Array.from(b)).toEqual([0xee, 0xee, 0x41, 0xff, 0x00, 0x7a, 0xee, 0xee]);
    expect(bytesToString(b, 2, 6)).toBe("A\u00ff\u0000z");
  });

  it("cuts characters above 255 to their low byte", () => {
    const b = new Uint8Array(2);
    putString(b, 0, "\u20ac\u0141");
    expect(Array.from(b)).toEqual([0xac, 0x41]);
  });

  it("keeps little-endian integers", () => {
    const b = new Uint8Array(6);
    putU32(b, 0, 0xfedcba98);
    putU16(b, 4, 0xbeef);
    expect(Array.from(b)).toEqual([0x98, 0xba, 0xdc, 0xfe, 0xef, 0xbe]);
    expect(getU32(b, 0)).toBe(0xfedcba98);
    expect(getU16(b, 4)).toBe(0xbeef);
  });
});
