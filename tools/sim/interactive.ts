// Node only. `npm start` without --scenario: the simulated unit in real time (simulated time follows
// the wall clock), driven from the keyboard, drawn by terminal-view.ts. Keys are queued and applied
// between time steps. With stdout not a terminal it prints the events and a status line on each
// change instead of redrawing; with stdin not a terminal it reads key letters from input lines.
import { LocalCentralSystem } from "./central-system";
import { OcppFrame } from "./ocpp-tap";
import { PRESET_CARDS, PRESET_LIST_VERSION, PresetCard, presetCentralSystem } from "./preset-cards";
import { SimUnit } from "./sim-unit";
import { HOME, SCREEN_ENTER, SCREEN_LEAVE, ViewKey, ViewModel, renderScreen, statusLine } from "./terminal-view";

export interface InteractiveOptions {
  unit: SimUnit;
  cs: LocalCentralSystem | undefined;
  chargePointId: string;
  backendLabel: string;
  flashFile: string;
  /** Saves the unit's flash (called periodically and at the end). */
  save: () => void;
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => void };
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  /** Lines already logged before the view started (e.g. the CS starting). */
  events?: string[];
}

export const KEYS: ViewKey[] = [
  { key: "1-8", label: "tap card" },
  { key: "p", label: "plug in" },
  { key: "r", label: "request energy (C)" },
  { key: "s", label: "suspend (B)" },
  { key: "u", label: "unplug" },
  { key: "o", label: "offline/online" },
  { key: "c", label: "power-cycle" },
  { key: "w", label: "weld contact on/off" },
  { key: "h", label: "reader hang on/off" },
  { key: "n", label: "reader noise on/off" },
  { key: "b", label: "reader brown-out" },
  { key: "m", label: "cards 1+3 at once" },
  { key: "R", label: "remote start card 1" },
  { key: "X", label: "remote stop" },
  { key: "L", label: "send list again" },
  { key: "q", label: "quit" },
];

const SAVE_EVERY_MS = 10000;
/** Queued when piped input ends, so the note comes after the keys it carried. */
const INPUT_ENDED = "\u0000end";
const FRAME_MS = 100;
const MAX_EVENTS = 500;

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}.${String(Math.floor(ms % 1000)).padStart(3, "0")}`;
}

function frameText(f: OcppFrame): string {
  const payload = JSON.stringify(f.payload);
  const short = payload.length > 140 ? payload.substring(0, 137) + "..." : payload;
  if (f.kind === "call") return `${f.dir === "out" ? "charger ->" : "-> charger"} ${f.action} ${short}`;
  return `${f.dir === "out" ? "charger ->" : "-> charger"} ${f.action} ${f.kind === "result" ? "ok" : "ERROR"} ${short}`;
}

export class InteractiveSession {
  private readonly events: string[] = [];
  private readonly queue: string[] = [];
  private message = "Press a key. Start with p (plug in), then 1 (tap the listed card), then r (vehicle asks for energy).";
  private quit = false;
  private lastStatusLine = "";
  private listVersion = PRESET_LIST_VERSION;
  private raw = false;
  private readonly tty: boolean;

  constructor(private readonly o: InteractiveOptions) {
    this.tty = !!o.output.isTTY;
    for (const e of o.events || []) this.event(e);
    const unit = o.unit;
    unit.link.onFrame = (f) => this.event(frameText(f));
    unit.link.onNote = (n) => this.event(`link: ${n.text}`);
  }

  /** A line for the event log, stamped with simulated time. */
  event(text: string): void {
    const line = `${clock(this.o.unit.clockMs)} ${text}`;
    this.events.push(line);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    if (!this.tty) this.o.output.write(line + "\n");
  }

  /** Runs until q, Ctrl-C or SIGTERM. */
  async run(): Promise<void> {
    const o = this.o;
    const stopSignal = () => this.stop();
    process.on("SIGINT", stopSignal);
    process.on("SIGTERM", stopSignal);
    this.attachInput();
    if (this.tty) o.output.write(SCREEN_ENTER);
    const unit = o.unit;
    const wallStart = Date.now();
    const simStart = unit.clockMs;
    let lastSave = Date.now();
    let lastDraw = 0;
    try {
      while (!this.quit) {
        while (this.queue.length && !this.quit) await this.apply(this.queue.shift() as string);
        const target = simStart + (Date.now() - wallStart);
        if (target > unit.clockMs) await unit.advanceTo(target);
        if (Date.now() - lastDraw >= FRAME_MS) {
          this.draw();
          lastDraw = Date.now();
        }
        if (Date.now() - lastSave >= SAVE_EVERY_MS) {
          this.saveQuietly();
          lastSave = Date.now();
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      process.removeListener("SIGINT", stopSignal);
      process.removeListener("SIGTERM", stopSignal);
      this.detachInput();
      if (this.tty) o.output.write(SCREEN_LEAVE);
    }
  }

  stop(): void {
    this.quit = true;
  }

  /** Applies one key (exported for tests and for piped input). */
  async apply(key: string): Promise<void> {
    const unit = this.o.unit;
    const card = PRESET_CARDS.find((c) => c.key === key);
    const say = (text: string) => {
      this.message = text;
      this.event(`key ${key}: ${text}`);
    };
    if (card) {
      unit.tap(card.uid);
      return say(`tapped card ${card.key} ${card.uid} (${card.label}; expect ${card.expect})`);
    }
    switch (key) {
      case "p": unit.plug(); return say("vehicle plugged in (pilot B)");
      case "r": unit.request(); return say("vehicle asks for energy (pilot C)");
      case "s": unit.suspend(); return say("vehicle stops asking (pilot B)");
      case "u": unit.unplug(); return say("vehicle unplugged (pilot A)");
      case "o": {
        const up = !unit.isNetworkOnline();
        unit.setOnline(up);
        return say(up ? "network back online" : "network offline: no Central System reachable");
      }
      case "c":
        this.saveQuietly();
        unit.powerCycle();
        return say("power cut and back: the firmware boots again from flash");
      case "w": {
        const stuck = !unit.board.relay.isWelded();
        unit.weld(stuck);
        return say(stuck ? "contactor contact welded shut" : "contactor contact freed (a service card clears the fault)");
      }
      case "h":
        if (unit.readerFaults().indexOf("hang") >= 0) {
          unit.clearReaderFaults();
          return say("reader chip answers again");
        }
        unit.readerFault("hang");
        return say("reader chip hung (stays dead until h again or a power cycle)");
      case "n":
        if (unit.readerFaults().indexOf("noise") >= 0) {
          unit.clearReaderFaults();
          return say("reader noise gone");
        }
        unit.readerFault("noise");
        return say("reader noise: 30 % of card answers corrupted");
      case "b":
        unit.readerFault("reset");
        return say("reader chip brown-out: registers back to reset values");
      case "m": {
        const a = PRESET_CARDS[0] as PresetCard;
        const b = PRESET_CARDS[2] as PresetCard;
        unit.tapMany([a.uid, b.uid]);
        return say(`cards ${a.uid} and ${b.uid} in the field at once`);
      }
      case "R": return this.csAction(say, "remote start of card 1", (cs) => cs.remoteStart((PRESET_CARDS[0] as PresetCard).uid));
      case "X":
        return this.csAction(say, "remote stop", (cs) => {
          if (cs.lastTransactionId() === undefined) throw new Error("no transaction started yet");
          return cs.remoteStop();
        });
      case "L": {
        this.listVersion++;
        const list = presetCentralSystem().pushList as NonNullable<ReturnType<typeof presetCentralSystem>["pushList"]>;
        const version = this.listVersion;
        return this.csAction(say, `list version ${version} sent`, (cs) => cs.sendLocalList(version, "Full", list.entries));
      }
      case "q": case "\u0003": case "\u0004":
        this.quit = true;
        return say("quitting");
      case "\r": case "\n": case " ":
        return;
      case INPUT_ENDED:
        this.event("input ended: the unit keeps running; Ctrl-C to stop");
        return;
      default:
        return say(`no action on "${key}" (see the keys above)`);
    }
  }

  private csAction(say: (t: string) => void, what: string, call: (cs: LocalCentralSystem) => Promise<unknown>): void {
    const cs = this.o.cs;
    if (!cs) return say(`${what}: only with the local Central System (not with --backend)`);
    if (cs.connected().length === 0) return say(`${what}: the charger is not connected to the Central System`);
    try {
      call(cs).then(
        (answer) => this.event(`central system: ${what}: answer ${JSON.stringify(answer)}`),
        (e: Error) => this.event(`central system: ${what}: failed: ${e.message}`),
      );
      say(what);
    } catch (e) {
      say(`${what}: ${(e as Error).message}`);
    }
  }

  private saveQuietly(): void {
    try {
      this.o.save();
    } catch (e) {
      this.event(`could not save the flash: ${(e as Error).message}`);
    }
  }

  private viewModel(): ViewModel {
    const unit = this.o.unit;
    const report = unit.chargerStatus();
    const seen = unit.led(2000);
    const out = this.o.output;
    return {
      chargePointId: this.o.chargePointId,
      backend: this.o.backendLabel,
      simMs: unit.clockMs,
      flashFile: this.o.flashFile,
      light: { rgb: unit.board.led.rgb(), label: seen.label, whiteBlink: seen.whiteBlink },
      relay: { command: unit.relayCommand(), contact: unit.relayContact(), welded: unit.board.relay.isWelded() },
      pilot: unit.pilot(),
      status: report.status,
      statusError: report.error,
      networkUp: unit.isNetworkOnline(),
      linkOpen: unit.link.openCount() > 0,
      readerFaults: unit.readerFaults(),
      cardsInField: unit.cardsInField(),
      cards: PRESET_CARDS,
      keys: KEYS,
      events: this.events,
      message: this.message,
      width: out.columns || 100,
      height: out.rows || 40,
    };
  }

  private draw(): void {
    const vm = this.viewModel();
    if (this.tty) {
      this.o.output.write(HOME + renderScreen(vm).join("\r\n"));
      return;
    }
    const line = statusLine(vm);
    if (line !== this.lastStatusLine) {
      this.lastStatusLine = line;
      this.o.output.write(`${clock(vm.simMs)} [${line}]\n`);
    }
  }

  private onData = (chunk: Buffer | string) => {
    const text = chunk.toString();
    for (const ch of text) this.queue.push(ch);
  };

  private onEnd = () => {
    this.queue.push(INPUT_ENDED);
  };

  private attachInput(): void {
    const input = this.o.input;
    if (input.isTTY && input.setRawMode) {
      input.setRawMode(true);
      this.raw = true;
    } else {
      this.event("stdin is not a terminal: each character of the input is a key (e.g. echo p1r); Ctrl-C to stop");
    }
    input.on("data", this.onData);
    input.on("end", this.onEnd);
    input.resume();
  }

  private detachInput(): void {
    const input = this.o.input;
    input.removeListener("data", this.onData);
    input.removeListener("end", this.onEnd);
    if (this.raw && input.setRawMode) input.setRawMode(false);
    input.pause();
  }
}
