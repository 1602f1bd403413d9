// esbuild settings for the Espruino interpreter (../shared/reference/espruino.md section 4): ES2015
// with the features Espruino lacks marked unsupported, so esbuild lowers them (?. ?? ** class fields)
// or stops with file:line (default/rest params, destructuring, async, generators).
import type { BuildOptions } from "esbuild";

export const ESPRUINO_UNSUPPORTED: Record<string, false> = Object.fromEntries([
  "default-argument", "rest-argument", "destructuring", "generator", "async-await", "async-generator", "for-await",
  "exponent-operator", "optional-chain", "logical-assignment", "object-rest-spread",
  "class-private-field", "class-private-method", "class-private-accessor", "class-private-static-field",
  "class-private-static-method", "class-private-static-accessor", "class-private-brand-check", "class-static-blocks",
  "bigint", "new-target", "regexp-sticky-and-unicode-flags", "regexp-named-capture-groups",
  "regexp-lookbehind-assertions", "regexp-dot-all-flag", "regexp-unicode-property-escapes",
].map((feature) => [feature, false]));

/** Modules built into the Espruino firmware: left as plain `require("X")` calls. */
export const ESPRUINO_BUILTIN_MODULES = ["Storage", "Flash", "Wifi", "http", "net", "dgram", "tls", "crypto", "fs",
  "heatshrink", "neopixel", "timer", "ESP8266", "ESP32", "NetworkJS", "TelnetServer"];

export interface EspruinoBundle {
  /** Entry file and output file, relative to root. */
  entry: string;
  outfile: string;
  minify: boolean;
  /** Absolute directory paths are resolved from. */
  root: string;
  /** tsconfig path relative to root. */
  tsconfig: string;
}

export function espruinoBuildOptions(bundle: EspruinoBundle): BuildOptions {
  return {
    absWorkingDir: bundle.root,
    entryPoints: [bundle.entry],
    outfile: bundle.outfile,
    bundle: true,
    // cjs keeps `require("Storage")` verbatim; the banner/footer give the bundle its own scope.
    format: "cjs",
    banner: { js: "(function(){" },
    footer: { js: "})();" },
    platform: "neutral",
    target: "es2015",
    supported: ESPRUINO_UNSUPPORTED,
    external: ESPRUINO_BUILTIN_MODULES,
    tsconfig: bundle.tsconfig,
    charset: "ascii",
    legalComments: "none",
    metafile: true,
    minify: bundle.minify,
    // External map (no sourceMappingURL comment in the bundle): the gate uses it to name source lines.
    sourcemap: "external",
    sourcesContent: false,
    logLevel: "silent",
    write: true,
  };
}
