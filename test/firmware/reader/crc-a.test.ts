import { crcA, appendCrcA, checkCrcA } from "../../../firmware/reader/crc-a";
import { uidToIdTag } from "../../../firmware/reader/id-tag";

const bytes = (s: string) => Uint8Array.from(s.split(" ").map((x) => parseInt(x, 16)));

test.each([
  ["00 00", "A0 1E"],
  ["12 34", "26 CF"],
  ["50 00", "57 CD"],
  ["30 00", "02 A8"],
  ["08", "B6 DD"],
  ["00", "FE 51"],
  ["04", "DA 17"],
  ["60 00", "F5 7B"],
  ["93 70 93 EF D3 80 2F", "64 C9"],
  ["93 70 88 04 93 D4 CB", "9C 5D"],
  ["95 70 12 5F 70 80 BD", "0C 26"],
  ["93 70 88 04 11 22 BF", "B3 F9"],
  ["95 70 88 33 44 55 AA", "13 FA"],
  ["97 70 66 77 99 AA 22", "5D 64"],
  ["93 70 12 34 57 78 09", "69 E9"],
  ["93 70 12 34 56 78 08", "3C A2"],
])("CRC_A(%s) = %s", (data, crc) => {
  const b = bytes(data);
  const c = crcA(b, 0, b.length);
  expect([c & 0xff, c >> 8]).toEqual(Array.from(bytes(crc)));
});

test("CRC_A check value of 123456789 is BF05h", () => {
  expect(crcA(new TextEncoder().encode("123456789"), 0, 9)).toBe(0xbf05);
});

test("append and check", () => {
  const f = new Uint8Array([0x50, 0x00, 0, 0]);
  appendCrcA(f, 2);
  expect(Array.from(f)).toEqual([0x50, 0x00, 0x57, 0xcd]);
  expect(checkCrcA(bytes("08 B6 DD"), 3)).toBe(true);
  expect(checkCrcA(bytes("08 B6 DC"), 3)).toBe(false);
  expect(checkCrcA(bytes("08 B6"), 2)).toBe(false);
});

test("idTag: uppercase hex, byte 0 first, only the UID's bytes", () => {
  const u = bytes("04 93 D4 12 5F 70 80 FF FF FF");
  expect(uidToIdTag(u, 7)).toBe("0493D4125F7080");
  expect(uidToIdTag(bytes("93 EF D3 80"), 4)).toBe("93EFD380");
  expect(uidToIdTag(bytes("04 11 22 33 44 55 66 77 99 AA"), 10)).toBe("041122334455667799AA");
});
