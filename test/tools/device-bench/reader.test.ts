import { benchReader } from "../../../tools/device-bench/reader";

test("the on-device reader section reads the 7-byte card and reports its time", () => {
  const reports: [string, number, string][] = [];
  benchReader((id, value, unit) => reports.push([id, value, unit]), () => performance.now());
  expect(reports.length).toBe(1);
  const [id, value, unit] = reports[0]!;
  expect(id).toBe("device.reader.read_7b_ms");
  expect(unit).toBe("ms");
  expect(value).toBeGreaterThan(0);
  expect(value).toBeLessThan(1000);
});
