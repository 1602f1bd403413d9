// Unlocking a unit whose console is locked (firmware/config/console-lock.ts locks it at boot when
// unit.json sets consolePassword). Espruino's locked console reads each line as a password attempt
// (at most 20 characters, no echo) and answers "Invalid password" + "password>" or "Logged in.".
// The espruino CLI cannot do this itself: it starts every line it sends with DLE (0x10), which the
// locked console would take as part of the password. So the tool opens the port briefly on its own,
// sends one empty line to see the prompt, and only when the prompt is `password>` sends the password:
// on an unlocked console the password would run as JavaScript.
import * as net from "net";

export type UnlockOutcome = "unlocked" | "not-locked" | "wrong-password" | "no-answer";

interface RawPort {
  write(text: string): void;
  close(): void;
}

function openTcp(hostPort: string, onData: (s: string) => void, onError: (e: Error) => void): Promise<RawPort> {
  const rest = hostPort.slice("tcp://".length);
  const colon = rest.lastIndexOf(":");
  const host = colon > 0 ? rest.slice(0, colon) : rest;
  const port = colon > 0 ? parseInt(rest.slice(colon + 1), 10) : 23;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host, port }, () => {
      socket.removeListener("error", reject);
      socket.on("error", onError);
      resolve({ write: (t) => socket.write(Buffer.from(t, "latin1")), close: () => socket.destroy() });
    });
    socket.once("error", reject);
    socket.on("data", (d: Buffer) => onData(d.toString("latin1")));
  });
}

function openSerial(path: string, baud: number, onData: (s: string) => void, onError: (e: Error) => void): Promise<RawPort> {
  let SerialPort: any;
  try {
    // installed with the espruino CLI (its optional dependency), which needs it for serial ports too
    SerialPort = require("serialport").SerialPort;
  } catch {
    return Promise.reject(new Error("the serialport module is not installed (npm ci installs it with espruino)"));
  }
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: baud, autoOpen: false });
    port.on("data", (d: Buffer) => onData(d.toString("latin1")));
    port.open((err: Error | null) => {
      if (err) return reject(err);
      port.on("error", onError);
      resolve({ write: (t) => port.write(Buffer.from(t, "latin1")), close: () => port.close(() => undefined) });
    });
  });
}

/**
 * Unlocks the console at `port` with `password` if it is locked. Resolves with what happened; a
 * port that cannot be opened rejects (the caller reports it like the CLI's connection errors).
 */
export async function unlockConsole(port: string, baud: number, password: string, waitMs = 1500): Promise<UnlockOutcome> {
  let received = "";
  let notify: (() => void) | undefined;
  const onData = (s: string) => {
    received += s;
    if (notify) notify();
  };
  const until = (test: () => boolean) => new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      notify = undefined;
      resolve(test());
    }, waitMs);
    notify = () => {
      if (test()) {
        clearTimeout(timer);
        notify = undefined;
        resolve(true);
      }
    };
    notify();
  });
  const raw = port.startsWith("tcp://") ? await openTcp(port, onData, () => undefined) : await openSerial(port, baud, onData, () => undefined);
  try {
    raw.write("\n");
    await until(() => /password>\s*$|>\s*$/.test(received));
    if (!/password>\s*$/.test(received)) return />\s*$/.test(received) ? "not-locked" : "no-answer";
    received = "";
    raw.write(password + "\n");
    await until(() => /Logged in\.|Invalid password/.test(received));
    if (/Logged in\./.test(received)) return "unlocked";
    return /Invalid password/.test(received) ? "wrong-password" : "no-answer";
  } finally {
    raw.close();
  }
}
