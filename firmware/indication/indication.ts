import { LedColorName, LedPatternName } from "../../hal/led-patterns";
import { connectorStatus, energyFault, readerFaultShown } from "../session/derive";
import { Policy } from "../session/policy";
import { SessionState } from "../session/state";

/** What the status light shows: a color and pattern, and the offline white blink on top. */
export interface Indication {
  color: LedColorName | "off";
  pattern: LedPatternName;
  /** Backend unreachable: a short white blink every 30 s over the state's own indication. */
  offline: boolean;
}

function ind(color: LedColorName | "off", pattern: LedPatternName, offline: boolean): Indication {
  return { color: color, pattern: pattern, offline: offline };
}

/**
 * The light, derived from the session state (PRODUCT.md "Indications"):
 * booting: off; fault: red; Unavailable: off; a decision flash (accepted green ~1 s, rejected
 * red ~2 s) over the rest; decision waiting for the backend: yellow blink; charging: blue
 * pulse; authorized and waiting for the vehicle (tap-first, or vehicle not drawing): blue;
 * transaction refused by the backend (energy withheld): yellow; plugged in and waiting for
 * authorization: yellow; available or session ended: green.
 */
export function indicationOf(s: SessionState, p: Policy): Indication {
  if (!s.known) return ind("off", "solid", false);
  const offline = !s.online;
  if (energyFault(s) || readerFaultShown(s, p)) return ind("red", "solid", offline);
  if (s.unavailable) return ind("off", "solid", offline);
  if (s.flashUntil !== undefined) return ind(s.flashAccepted ? "green" : "red", "flash", offline);
  if (s.pending !== undefined) return ind("yellow", "blink", offline);
  if (s.tx !== undefined) {
    if (s.tx.deauthorized) return ind("yellow", "solid", offline);
    return connectorStatus(s, p) === "Charging" ? ind("blue", "pulse", offline) : ind("blue", "solid", offline);
  }
  if (s.phase === "authorized") return ind("blue", "solid", offline);
  if (s.phase === "waiting") return ind("yellow", "solid", offline);
  return ind("green", "solid", offline);
}

export function sameIndication(a: Indication | undefined, b: Indication): boolean {
  return a !== undefined && a.color === b.color && a.pattern === b.pattern && a.offline === b.offline;
}

/** "off" or "color/pattern", as scenario expectations write it. */
export function indicationLabel(i: Indication): string {
  return i.color === "off" ? "off" : i.color + "/" + i.pattern;
}
