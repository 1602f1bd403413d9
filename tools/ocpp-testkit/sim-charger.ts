// The OCPP side of a charger on simulated parts (clock, network, flash), wired by the firmware's
// own composition (firmware/ocpp/ocpp-stack.ts), next to a SimCentralSystem. For tests and
// benchmarks; `reboot()` starts the firmware again on the same flash, as a power cycle does.
import { SimClock } from "../../hal/sim/clock";
import { SocketConnector } from "../../hal/socket";
import { SimNetwork } from "../../hal/sim/socket";
import { SimStorage } from "../../hal/sim/storage";
import { FlashAuthorizationCache } from "../../firmware/auth-cache/flash-authorization-cache";
import { FlashLocalAuthList, LocalListOptions } from "../../firmware/allowlist/flash-local-list";
import { Settings } from "../../firmware/config/settings";
import { createOcppStack, OcppStack, OcppStackOptions } from "../../firmware/ocpp/ocpp-stack";
import { WallClock } from "../../firmware/time/wall-clock";
import { FakeSession } from "./fake-session";
import { seededRandom } from "./seeded-random";
import { SimCentralSystem, SimCentralSystemOptions } from "./sim-central-system";

export interface SimChargerOptions {
  clock?: SimClock;
  storage?: SimStorage;
  /** One-way network latency (ms), default 10. */
  latencyMs?: number;
  cs?: SimCentralSystemOptions;
  /** Configuration keys set before the first boot. */
  config?: { [key: string]: string };
  list?: LocalListOptions;
  stack?: Partial<OcppStackOptions>;
  seed?: number;
  /** Attach a FakeSession (default true). */
  session?: boolean;
  /** The Central System refuses connections until `cs.listen()`. */
  startOffline?: boolean;
  /** A real network instead of the simulated one (the SimCentralSystem is then unused). */
  connector?: SocketConnector;
  url?: string;
  chargePointId?: string;
}

export class SimCharger {
  readonly clock: SimClock;
  readonly storage: SimStorage;
  readonly net: SimNetwork;
  readonly cs: SimCentralSystem;
  readonly logs: string[] = [];
  settings!: Settings;
  list!: FlashLocalAuthList;
  cache!: FlashAuthorizationCache;
  wall!: WallClock;
  stack!: OcppStack;
  session: FakeSession | undefined;
  boots = 0;
  private readonly random: () => number;

  constructor(private readonly o: SimChargerOptions = {}) {
    this.clock = o.clock || new SimClock();
    this.storage = o.storage || new SimStorage();
    this.net = new SimNetwork(this.clock, o.latencyMs === undefined ? 10 : o.latencyMs);
    this.cs = new SimCentralSystem(this.net, this.clock, "cs.local", 9000, o.cs);
    if (o.startOffline) this.cs.refuse();
    this.random = seededRandom(o.seed === undefined ? 7 : o.seed);
    if (o.config) {
      const s = new Settings(this.storage);
      s.load();
      for (const k of Object.keys(o.config)) {
        const r = s.change(k, o.config[k] as string);
        if (r !== "Accepted") throw new Error(`config ${k}=${o.config[k]}: ${r}`);
      }
    }
    this.boot();
  }

  /** Starts the firmware's OCPP side on the current flash. */
  boot(): void {
    if (this.storage.isDead()) this.storage.powerCycle();
    this.boots++;
    this.settings = new Settings(this.storage);
    this.settings.load();
    this.wall = new WallClock(this.clock);
    this.list = new FlashLocalAuthList(this.storage, { clock: this.wall, ...this.o.list });
    this.cache = new FlashAuthorizationCache(this.storage, { clock: this.wall, localList: this.list });
    this.stack = createOcppStack({ clock: this.clock, storage: this.storage, log: (l) => this.logs.push(`${this.clock.now()} ${l}`) }, this.o.connector || this.net, {
      url: this.o.url || "ws://cs.local:9000/ocpp",
      chargePointId: this.o.chargePointId || "CP-SIM",
      boot: { chargePointVendor: "Acme", chargePointModel: "AC-1" },
      settings: this.settings,
      list: this.list,
      cache: this.cache,
      wallClock: this.wall,
      random: this.random,
      reconnectInitialMs: 1000,
      reconnectMaxMs: 10000,
      ...this.o.stack,
    });
    if (this.o.session !== false) {
      this.session = new FakeSession();
      this.stack.backend.attach(this.session);
      this.session.onlineChanged(this.stack.backend.isOnline());
    }
    this.stack.start();
  }

  /** A power cut now (the running firmware is gone), then a boot on the same flash. */
  reboot(): void {
    this.stack.halt();
    this.boot();
  }

  /** Runs simulated time until `cond` holds (checked every `stepMs`), or throws after `limitMs`. */
  runUntil(cond: () => boolean, what: string, limitMs = 120_000, stepMs = 10): void {
    const end = this.clock.now() + limitMs;
    while (!cond()) {
      if (this.clock.now() >= end) throw new Error(`timed out (${limitMs} ms simulated) waiting for ${what}`);
      this.clock.advance(stepMs);
    }
  }

  /** Calls the charger from the Central System and runs time until the answer. */
  callCharger(action: string, payload: any, limitMs = 10_000): { err?: string; result?: any } {
    let out: { err?: string; result?: any } | undefined;
    this.cs.call(action, payload, (err, result) => (out = err ? { err } : { result }));
    this.runUntil(() => out !== undefined, action + " answer", limitMs);
    return out!;
  }

  online(): boolean {
    return this.stack.client.isOnline();
  }
}
