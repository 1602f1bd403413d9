// The OCPP side's device code on its own (dist/firmware.js has it too, through firmware/main.ts):
// every device-side module of the OCPP side (ocpp-stack pulls in the operations, the queue and the
// backend) bundled with the project's Espruino esbuild settings, through the project's gate (the
// same checks `npm test` applies to the firmware bundle), so a problem is found in the module
// that has it.
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { espruinoBuildOptions } from "../../../tools/build/espruino-esbuild";
import { formatProblem, gateFiles } from "../../../tools/gate/gate-files";

const ROOT = path.resolve(__dirname, "../../..");
const MODULES = [
  "firmware/ocpp/ocpp-stack",
  "firmware/ocpp/ocpp-client",
  "firmware/ocpp/rpc/rpc-endpoint",
  "firmware/ocpp/schema/ocpp16-schemas",
  "firmware/ocpp/transport/ws-link",
  "firmware/time/iso8601",
  "hal/espruino/socket",
  "hal/sim/socket",
];

test("the OCPP side's device code passes the Espruino gate", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ocpp-gate-"));
  try {
    const entry = path.join(dir, "entry.ts");
    fs.writeFileSync(
      entry,
      MODULES.map((m, i) => `import * as m${i} from ${JSON.stringify(path.join(ROOT, m))};`).join("\n") +
        `\n(globalThis as any).keep = [${MODULES.map((_, i) => "m" + i).join(",")}];\n`,
    );
    for (const minify of [true, false]) {
      const outfile = path.join(dir, minify ? "ocpp.js" : "ocpp.dev.js");
      await esbuild.build(espruinoBuildOptions({ entry, outfile, minify, root: ROOT, tsconfig: "firmware/tsconfig.json" }));
    }
    const outcome = gateFiles([path.join(dir, "ocpp.js")], ROOT);
    expect(outcome.missing).toEqual([]);
    expect(outcome.files.length).toBe(2);
    expect(outcome.problems.map(formatProblem)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
