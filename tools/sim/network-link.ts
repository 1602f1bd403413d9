// Node only. The simulated unit's network link: real TCP/TLS connections (Node net/tls) that a test
// or the simulator can take offline and back. Offline: every open connection closes and new
// connects fail, always asynchronously (never inside the call), as on a device whose Wi-Fi or
// uplink is gone. `settle()` waits until socket traffic has gone quiet, so simulated time can move
// on while a real server (e.g. the local Central System on loopback) answers.
//
//   const link = new NetworkLink({ route: (host, port) => ({ host: "127.0.0.1", port: csPort }) });
//   link.setOnline(false);   // sockets close, connects fail
//   await link.settle();     // no bytes moved for quietMs (or capMs passed)
import * as net from "net";
import * as tls from "tls";
import { performance } from "perf_hooks";

export interface LinkTarget {
  host: string;
  port: number;
  tls: boolean;
  /** PEM CA certificate(s) the device trusts (tls only). */
  ca?: string;
}

/** Events of one connection: `onClose` exactly once, nothing after it, never synchronously. */
export interface LinkEvents {
  onConnect(): void;
  /** Bytes as an 8-bit string (one char per byte), in chunks of at most `chunkBytes`. */
  onData(chunk: string): void;
  onError(err: { code: number; message: string }): void;
  onClose(): void;
}

export interface LinkSocket {
  /** Bytes as an 8-bit string. Ignored once closing. */
  write(data: string): void;
  /** Closes after sending what is queued. */
  end(): void;
  /** Closes now. */
  destroy(): void;
}

export interface NetworkLinkOptions {
  online?: boolean;
  /**
   * Where a connection the device opens really goes; undefined = the address is unreachable
   * (fails like offline). Default: the device's own host and port.
   */
  route?: (host: string, port: number) => { host: string; port: number } | undefined;
  /** Reject TLS servers whose certificate does not verify (default true). */
  tlsRejectUnauthorized?: boolean;
  /** Largest chunk delivered as one 'data' event (a device gets data in small pieces). Default 512. */
  chunkBytes?: number;
  /** `settle()`: real ms with no traffic that counts as quiet (default 4), and the cap (default 250). */
  quietMs?: number;
  capMs?: number;
}

export interface LinkCounters {
  connects: number;
  failedConnects: number;
  bytesOut: number;
  bytesIn: number;
}

/** Espruino reports socket errors as negative codes; these are the shim's (see the report). */
export const LINK_ERR_UNREACHABLE = -1;
export const LINK_ERR_FAILED = -2;

class Connection implements LinkSocket {
  connecting = true;
  closed = false;
  private sock: net.Socket | undefined;
  private closing = false;

  constructor(private readonly link: NetworkLink, private readonly events: LinkEvents) {}

  start(sock: net.Socket, secure: boolean): void {
    this.sock = sock;
    const self = this;
    sock.setNoDelay(true);
    sock.on(secure ? "secureConnect" : "connect", function () {
      if (self.closed) return;
      self.connecting = false;
      self.link.touch();
      self.events.onConnect();
    });
    sock.on("data", function (d: Buffer) {
      if (self.closed) return;
      self.link.counters.bytesIn += d.length;
      self.link.touch();
      const chunk = self.link.chunkBytes;
      for (let i = 0; i < d.length && !self.closed; i += chunk) {
        self.events.onData(d.toString("latin1", i, Math.min(d.length, i + chunk)));
      }
    });
    sock.on("error", function (e: Error & { code?: string }) {
      if (self.closed) return;
      self.link.touch();
      if (self.connecting) self.link.counters.failedConnects++;
      self.events.onError({ code: LINK_ERR_FAILED, message: e.code ? e.code + ": " + e.message : e.message });
    });
    sock.on("close", function () {
      self.finish();
    });
  }

  /** Fails without ever connecting (offline or unreachable). */
  fail(message: string): void {
    const self = this;
    this.link.counters.failedConnects++;
    setImmediate(function () {
      if (self.closed) return;
      self.events.onError({ code: LINK_ERR_UNREACHABLE, message });
      self.finish();
    });
  }

  write(data: string): void {
    if (this.closed || this.closing || !this.sock) return;
    const buf = Buffer.from(String(data), "latin1");
    this.link.counters.bytesOut += buf.length;
    this.link.touch();
    this.sock.write(buf);
  }

  end(): void {
    if (this.closed || this.closing) return;
    this.closing = true;
    this.link.touch();
    if (this.sock) this.sock.end();
  }

  destroy(): void {
    if (this.closed) return;
    this.closing = true;
    this.link.touch();
    if (this.sock) this.sock.destroy();
  }

  finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.connecting = false;
    this.link.forget(this);
    this.link.touch();
    this.events.onClose();
  }
}

export class NetworkLink {
  readonly counters: LinkCounters = { connects: 0, failedConnects: 0, bytesOut: 0, bytesIn: 0 };
  readonly chunkBytes: number;
  readonly quietMs: number;
  readonly capMs: number;
  private online: boolean;
  private readonly open: Connection[] = [];
  private lastActivity = -Infinity;

  constructor(private readonly options: NetworkLinkOptions = {}) {
    this.online = options.online !== false;
    this.chunkBytes = options.chunkBytes && options.chunkBytes > 0 ? options.chunkBytes : 512;
    this.quietMs = options.quietMs !== undefined ? options.quietMs : 4;
    this.capMs = options.capMs !== undefined ? options.capMs : 250;
  }

  isOnline(): boolean {
    return this.online;
  }

  /** Offline closes every open connection (asynchronously); online lets new connects through. */
  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.touch();
    if (!online) for (const c of this.open.slice()) c.destroy();
  }

  connect(target: LinkTarget, events: LinkEvents): LinkSocket {
    const c = new Connection(this, events);
    this.open.push(c);
    this.counters.connects++;
    this.touch();
    if (!this.online) {
      c.fail("no network");
      return c;
    }
    const to = this.options.route ? this.options.route(target.host, target.port) : { host: target.host, port: target.port };
    if (!to) {
      c.fail("host unreachable: " + target.host + ":" + target.port);
      return c;
    }
    if (target.tls) {
      c.start(tls.connect({
        host: to.host,
        port: to.port,
        servername: net.isIP(target.host) ? undefined : target.host,
        ca: target.ca,
        rejectUnauthorized: this.options.tlsRejectUnauthorized !== false,
      }), true);
    } else {
      c.start(net.connect({ host: to.host, port: to.port }), false);
    }
    return c;
  }

  /** Connections not yet closed (connecting or open). */
  openCount(): number {
    return this.open.length;
  }

  connectingCount(): number {
    let n = 0;
    for (const c of this.open) if (c.connecting) n++;
    return n;
  }

  /** Real time (performance.now ms) of the last byte, connect, close or state change. */
  lastActivityAt(): number {
    return this.lastActivity;
  }

  /**
   * Lets socket I/O happen: a few event-loop turns, then waits (in 1 ms sleeps) until nothing is
   * connecting and no traffic has moved for `quietMs` real ms, or `capMs` has passed.
   */
  async settle(quietMs?: number, capMs?: number): Promise<void> {
    const quiet = quietMs !== undefined ? quietMs : this.quietMs;
    const cap = capMs !== undefined ? capMs : this.capMs;
    const start = performance.now();
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      const now = performance.now();
      if (this.connectingCount() === 0 && now - this.lastActivity >= quiet) return;
      if (now - start >= cap) return;
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Closes every connection now (the unit lost power); their onClose still follows, asynchronously. */
  closeAll(): void {
    for (const c of this.open.slice()) c.destroy();
  }

  /** @internal */
  touch(): void {
    this.lastActivity = performance.now();
  }

  /** @internal */
  forget(c: Connection): void {
    const i = this.open.indexOf(c);
    if (i >= 0) this.open.splice(i, 1);
  }
}
