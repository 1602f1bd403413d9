import * as fs from "fs";
import * as path from "path";
import { FIRMWARE_VERSION } from "../../firmware/version";

it("the firmware version is package.json's", () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8"));
  expect(FIRMWARE_VERSION).toBe(pkg.version);
});
