import { markerLocator } from "../../../tools/gate/locate";

describe("marker locator", () => {
  const bundle = ["(function(){", "var __helper = 1;", "", "// hal/espruino/pins.ts", "var a = 1;", "", "// firmware/main.ts", "a();", "})();"].join("\n");
  const locate = markerLocator(bundle);

  it("names the source file of the nearest marker above the line", () => {
    expect(locate(5, 1)).toEqual({ file: "hal/espruino/pins.ts" });
    expect(locate(8, 3)).toEqual({ file: "firmware/main.ts" });
  });

  it("names nothing for the helpers before the first marker", () => {
    expect(locate(2, 1)).toBeUndefined();
  });
});
