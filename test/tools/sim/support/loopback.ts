// Loopback TCP/TLS servers for the network tests.
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import * as tls from "tls";

export interface Loopback {
  port: number;
  /** Every byte received, as latin1, per connection. */
  received: string[];
  sockets: net.Socket[];
  close(): Promise<void>;
}

/** Answers each chunk with `reply(chunk)` (latin1), after `delayMs` if given. */
export async function loopbackServer(reply: (chunk: string) => string | undefined, options?: { tls?: boolean; delayMs?: number }): Promise<Loopback> {
  const received: string[] = [];
  const sockets: net.Socket[] = [];
  const onConnection = (sock: net.Socket) => {
    const index = received.length;
    received.push("");
    sockets.push(sock);
    sock.on("data", (d: Buffer) => {
      const text = d.toString("latin1");
      received[index] += text;
      const answer = reply(text);
      if (answer === undefined) return;
      const send = () => { if (!sock.destroyed) sock.write(Buffer.from(answer, "latin1")); };
      if (options && options.delayMs) setTimeout(send, options.delayMs);
      else send();
    });
    sock.on("error", () => undefined);
  };
  const certDir = path.resolve(__dirname, "../../../support/tls");
  const server = options && options.tls
    ? tls.createServer({ key: fs.readFileSync(path.join(certDir, "localhost-key.pem")), cert: fs.readFileSync(path.join(certDir, "localhost-cert.pem")) }, onConnection)
    : net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received,
    sockets,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

export function localhostCa(): string {
  return fs.readFileSync(path.resolve(__dirname, "../../../support/tls/localhost-cert.pem"), "utf8");
}

/** Resolves once `check()` is true (polling the event loop), or rejects after `ms`. */
export async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 2));
  }
}
