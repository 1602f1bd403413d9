// Session latencies on the simulated board, in simulated ms, with the real MFRC522 driver polling
// the simulated chip (ReaderPollInterval default, 100 ms) and the pilot sampled every 20 ms.
// Each figure is the worst case over entry phases (when the card arrives or the plug is pulled
// relative to the reader's and the pilot sampler's schedules).
//  - session.tap_to_relay_ms: a listed card enters the field (vehicle plugged in and requesting)
//    until the relay closes. Target <= 150.
//  - session.tap_to_light_ms: the same until the light shows the decision (green flash). Target <= 120.
//  - session.unplug_to_open_ms: the pilot leaves C until the relay opens. Target <= 100.
// Two configurations: backend offline (LocalAuthorizeOffline, the default) and backend online
// with LocalPreAuthorize (a listed card never waits for the backend in either).
import { Metric } from "../metric";
import { ChargerUnit } from "../../sim/charger-unit";
import { SimRgbLed } from "../../../hal/sim/rgb-led";

const CARD = "04A1B2C3D4E5F6";
const PHASES_TAP = 100;
const PHASES_UNPLUG = 20;

interface Config {
  name: string;
  online: boolean;
  config: { [k: string]: string | number | boolean };
}

const CONFIGS: Config[] = [
  { name: "offline", online: false, config: {} },
  { name: "online+LocalPreAuthorize", online: true, config: { LocalPreAuthorize: true } },
];

function unit(c: Config): ChargerUnit {
  return new ChargerUnit({
    localList: [{ idTag: CARD, status: "Accepted" }],
    backend: { online: c.online, answers: { [CARD]: "Accepted" } },
    config: c.config,
  });
}

/** First time >= from at which the light shows `color` (read from the PWM channel histories). */
function firstLit(led: SimRgbLed, color: "green", from: number): number | undefined {
  const times: number[] = [];
  for (const ch of [led.red, led.green, led.blue]) {
    for (let i = 0; i < ch.history.length(); i++) if (ch.history.timeAt(i) >= from) times.push(ch.history.timeAt(i));
  }
  times.sort((a, b) => a - b);
  for (const t of [from].concat(times)) {
    const r = led.red.history.levelAt(t), g = led.green.history.levelAt(t), b = led.blue.history.levelAt(t);
    if (color === "green" && g > 0.5 && r < 0.02 && b < 0.02) return t;
  }
  return undefined;
}

function firstCoil(u: ChargerUnit, closed: boolean, from: number): number | undefined {
  const e = u.coil.find((c) => c.closed === closed && c.t >= from);
  return e ? e.t : undefined;
}

function measureTap(c: Config, phase: number): { relay: number; light: number } {
  const u = unit(c);
  u.advance(1000);
  u.plug();
  u.request();
  u.advance(1000);
  u.advance(phase);
  const t0 = u.clock.now();
  u.tap(CARD, 500);
  u.advance(1000);
  const relay = firstCoil(u, true, t0);
  const light = firstLit(u.sim.led, "green", t0);
  if (relay === undefined || light === undefined) throw new Error("session bench: no decision for phase " + phase + " (" + c.name + ")");
  return { relay: relay - t0, light: light - t0 };
}

function measureUnplug(c: Config, phase: number): number {
  const u = unit(c);
  u.advance(500);
  u.plug();
  u.request();
  u.tap(CARD);
  u.advance(2000);
  if (!u.relayClosed()) throw new Error("session bench: not charging (" + c.name + ")");
  u.advance(phase);
  const t0 = u.clock.now();
  u.unplug();
  u.advance(500);
  const open = firstCoil(u, false, t0);
  if (open === undefined) throw new Error("session bench: relay did not open (" + c.name + ")");
  return open - t0;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

export async function run(): Promise<Metric[]> {
  let relayWorst = 0, lightWorst = 0, unplugWorst = 0;
  let relaySum = 0, lightSum = 0, unplugSum = 0, taps = 0, unplugs = 0;
  for (const c of CONFIGS) {
    for (let p = 0; p < PHASES_TAP; p++) {
      const m = measureTap(c, p);
      relayWorst = Math.max(relayWorst, m.relay);
      lightWorst = Math.max(lightWorst, m.light);
      relaySum += m.relay;
      lightSum += m.light;
      taps++;
    }
    for (let p = 0; p < PHASES_UNPLUG; p++) {
      const ms = measureUnplug(c, p);
      unplugWorst = Math.max(unplugWorst, ms);
      unplugSum += ms;
      unplugs++;
    }
  }
  const phases = PHASES_TAP + " tap phases x " + CONFIGS.length + " configs";
  return [
    { id: "session.tap_to_relay_ms", value: round(relayWorst), unit: "ms", note: "worst; mean " + round(relaySum / taps) + " over " + phases + "; target <= 150" },
    { id: "session.tap_to_light_ms", value: round(lightWorst), unit: "ms", note: "worst; mean " + round(lightSum / taps) + " over " + phases + "; target <= 120" },
    { id: "session.unplug_to_open_ms", value: round(unplugWorst), unit: "ms", note: "worst; mean " + round(unplugSum / unplugs) + " over " + PHASES_UNPLUG + " phases x " + CONFIGS.length + " configs; target <= 100" },
  ];
}
