// A shim on a fresh simulated board with the default unit wiring, and helpers to run probe code.
import { SimBoard } from "../../../../hal/sim/board";
import { EspruinoShim, EspruinoShimOptions, createEspruinoShim } from "../../../../tools/sim/espruino-shim";

export interface Harness {
  board: SimBoard;
  shim: EspruinoShim;
  /** Evaluates code in the context and returns the result as host JSON. */
  json(expr: string): any;
  /** Runs statements as the bundle would (errors are reported as uncaught, not thrown). */
  run(source: string): boolean;
}

export function harness(options?: Partial<EspruinoShimOptions>): Harness {
  const board = (options && options.board) || new SimBoard();
  const shim = createEspruinoShim(Object.assign({ board }, options || {}));
  return {
    board,
    shim,
    json: (expr) => shim.realm.toHost(shim.evaluate(expr)),
    run: (source) => shim.run(source, "probe.js"),
  };
}
