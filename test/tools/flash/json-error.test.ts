import { locateJsonError } from "../../../tools/flash/json-error";

describe("locateJsonError", () => {
  const cases: [string, string, number, number, RegExp][] = [
    ["trailing comma in an object", '{\n  "port": "/dev/ttyUSB0",\n}', 3, 1, /trailing comma/],
    ["missing comma", '{\n  "baud": 115200\n  "board": "ESP32"\n}', 3, 3, /expected ',' or '}'.*missing comma/],
    ["single quotes", "{ 'port': 1 }", 1, 3, /double quotes/],
    ["unquoted key", "{ port: 1 }", 1, 3, /expected a "key"/],
    ["missing value", '{ "a": }', 1, 8, /expected a value/],
    ["unclosed string", '{ "a": "xyz\n}', 1, 8, /not closed/],
    ["comment", '{ "a": 1 // note\n}', 1, 10, /expected ',' or '}'/],
    ["trailing comma in an array", '{ "a": [1, 2, ] }', 1, 15, /trailing comma/],
    ["leading zero", '{ "a": 0123 }', 1, 8, /malformed number/],
    ["empty file", "  \n", 2, 1, /empty/],
    ["two values", '{ "a": 1 } { }', 1, 12, /after the end/],
    ["bad escape", '{ "a": "\\q" }', 1, 9, /unknown escape/],
  ];
  test.each(cases)("%s", (_name, text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    const at = locateJsonError(text);
    expect(at).toBeDefined();
    expect([at!.line, at!.column]).toEqual([line, column]);
    expect(at!.message).toMatch(message);
  });

  it("finds nothing in valid JSON (the scanner agrees with JSON.parse)", () => {
    for (const text of ['{"a":[1,-2.5e3,true,false,null,{"b":"\\u00e9\\n"}]}', "[]", " 3 ", '"x"']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeUndefined();
    }
  });
});
