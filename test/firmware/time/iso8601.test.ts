import fc from "fast-check";
import { daysFromCivil, formatIsoDateTime, isIsoDateTime, parseIsoDateTime } from "../../../firmware/time/iso8601";
import { officialVerdict } from "../../../tools/ocpp-testkit/official-schemas";

describe("iso8601", () => {
  test("parses zones, fractions and separators", () => {
    expect(parseIsoDateTime("2024-02-29T12:34:56Z")).toBe(Date.UTC(2024, 1, 29, 12, 34, 56));
    expect(parseIsoDateTime("2024-02-29T12:34:56.789Z")).toBe(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
    expect(parseIsoDateTime("2024-02-29T12:34:56.7891234z")).toBe(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
    expect(parseIsoDateTime("2024-02-29T12:34:56+02:00")).toBe(Date.UTC(2024, 1, 29, 10, 34, 56));
    expect(parseIsoDateTime("2024-02-29 12:34:56-0130")).toBe(Date.UTC(2024, 1, 29, 14, 4, 56));
    expect(parseIsoDateTime("2024-02-29t12:34:56+05")).toBe(Date.UTC(2024, 1, 29, 7, 34, 56));
    expect(parseIsoDateTime("2024-02-29T12:34:56")).toBe(Date.UTC(2024, 1, 29, 12, 34, 56));
    expect(parseIsoDateTime("2016-12-31T23:59:60Z")).toBe(Date.UTC(2017, 0, 1, 0, 0, 0));
  });

  test.each(["", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-01-01T24:00:00Z",
    "2024-01-01T12:60:00Z", "2024-01-01T12:00:60Z", "2024-01-01T12:00:00.Z", "2024-01-01T12:00:00+01:", "2024-01-01T12:00:00+1",
    "2024-01-01TT12:00:00Z", "2024-1-01T12:00:00Z", "2024-01-01T12:00Z", "2024-01-01T12:00:00ZZ", "2024-01-01T12:00:00 Z", "x2024-01-01T12:00:00Z"])(
    "refuses %j", (s) => {
      expect(parseIsoDateTime(s)).toBeUndefined();
    },
  );

  test("agrees with the official schema's date-time format on generated strings", () => {
    const piece = fc.constantFrom("2024", "1999", "-", "02", "29", "30", "13", "T", "t", " ", "\u00a0", "12", "23", ":", "59", "60", "00", ".", "5", "Z", "z", "+", "-", "01", "0100", "x");
    const candidates = fc.oneof(
      fc.array(piece, { maxLength: 14 }).map((p) => p.join("")),
      fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.tuple(fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }), fc.nat(30), fc.constantFrom("T", " ", "t")).map(([d, cut, sep]) => {
        const s = d.toISOString().replace("T", sep);
        return s.slice(0, s.length - (cut % 6));
      }),
    );
    fc.assert(
      fc.property(candidates, (s) => {
        const official = officialVerdict("Heartbeat.conf", { currentTime: s }) === undefined;
        expect(isIsoDateTime(s)).toBe(official);
      }),
      { numRuns: 5000 },
    );
  });

  test("format and parse are inverse; days match Date.UTC", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: 253402300799000 }), (ms) => {
        const text = formatIsoDateTime(ms);
        expect(text).toBe(new Date(ms).toISOString());
        expect(parseIsoDateTime(text)).toBe(ms);
      }),
    );
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86400000);
  });
});
