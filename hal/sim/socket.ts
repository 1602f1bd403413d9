import { Clock } from "../clock";
import { Socket, SocketConnector, SocketListener, SocketOptions } from "../socket";
import { codedError } from "../coded-error";

/** What a simulated server sees of one connection. Set `onData`/`onClose` in the accept callback. */
export class SimPeer {
  onData: (chunk: string) => void = function () {};
  onClose: () => void = function () {};

  constructor(private readonly link: SimLink, readonly options: SocketOptions) {}

  write(data: string): void {
    this.link.sendToClient(data);
  }
  end(): void {
    this.link.closeFrom(false, false);
  }
  destroy(): void {
    this.link.closeFrom(false, true);
  }
}

/**
 * One simulated connection. Everything travels with the network's latency, in order.
 * `cut()` makes it a dead link: nothing more arrives at either end, not even a close.
 * `reset()` makes both ends see an error and a close now.
 */
export class SimLink implements Socket {
  state: "connecting" | "open" | "closed" = "connecting";
  isCut = false;
  bytesToServer = 0;
  bytesToClient = 0;
  peer: SimPeer | undefined;
  private clientClosed = false;
  private peerClosed = false;
  private clientEnding = false;
  private peerEnding = false;

  constructor(
    private readonly clock: Clock,
    private readonly latencyMs: number,
    readonly options: SocketOptions,
    private readonly client: SocketListener,
  ) {}

  // The client's Socket face.
  write(data: string): void {
    if (this.state !== "open" || this.clientEnding) return;
    this.bytesToServer += data.length;
    const self = this;
    this.later(function () {
      if (self.peer && !self.peerClosed) self.peer.onData(data);
    });
  }
  end(): void {
    this.closeFrom(true, false);
  }
  destroy(): void {
    this.closeFrom(true, true);
  }

  cut(): void {
    this.isCut = true;
  }

  reset(): void {
    const self = this;
    this.state = "closed";
    this.clock.after(0, function () {
      self.closeClient(codedError("ECONNRESET", "connection reset"));
      self.closePeer();
    });
  }

  /** Called by the network when the connection is established or refused. */
  establish(peer: SimPeer | undefined): void {
    if (this.state !== "connecting" || this.clientClosed) return;
    if (!peer) {
      this.state = "closed";
      this.closeClient(codedError("ECONNREFUSED", "connection refused: " + this.options.host + ":" + this.options.port));
      return;
    }
    this.peer = peer;
    this.state = "open";
    this.client.onConnect();
  }

  sendToClient(data: string): void {
    if (this.state !== "open" || this.peerEnding) return;
    this.bytesToClient += data.length;
    const self = this;
    this.later(function () {
      if (!self.clientClosed) self.client.onData(data);
    });
  }

  /** A close from one end: graceful (`end`: in-flight data first) or abrupt (`destroy`). */
  closeFrom(fromClient: boolean, abrupt: boolean): void {
    const self = this;
    if (fromClient ? this.clientClosed || this.clientEnding : this.peerClosed || this.peerEnding) return;
    if (fromClient) this.clientEnding = true;
    else this.peerEnding = true;
    if (this.state !== "open") abrupt = true;
    const wasOpen = this.state === "open";
    if (!abrupt) {
      this.later(function () {
        self.state = "closed";
        self.closePeer();
        self.closeClient(undefined);
      });
      return;
    }
    this.state = "closed";
    this.clock.after(0, function () {
      if (fromClient) self.closeClient(undefined);
      else self.closePeer();
    });
    if (wasOpen) {
      this.later(function () {
        if (fromClient) self.closePeer();
        else self.closeClient(undefined);
      });
    }
  }

  private later(fn: () => void): void {
    const self = this;
    this.clock.after(this.latencyMs, function () {
      if (!self.isCut) fn();
    });
  }

  private closeClient(err: Error | undefined): void {
    if (this.clientClosed) return;
    this.clientClosed = true;
    if (err) this.client.onError(err);
    this.client.onClose();
  }

  private closePeer(): void {
    if (this.peerClosed || !this.peer) return;
    this.peerClosed = true;
    this.peer.onClose();
  }
}

/**
 * An in-memory network on a Clock (a SimClock in tests): servers listen on host:port, clients
 * connect through the SocketConnector face. No listener means "connection refused"; `blackHole`
 * makes connection attempts hang (no answer at all) until the client gives up.
 */
export class SimNetwork implements SocketConnector {
  readonly links: SimLink[] = [];
  blackHole = false;
  private servers: { [hostPort: string]: (peer: SimPeer) => void } = {};

  constructor(private readonly clock: Clock, private readonly latencyMs?: number) {}

  listen(host: string, port: number, accept: (peer: SimPeer) => void): void {
    this.servers[host + ":" + port] = accept;
  }

  unlisten(host: string, port: number): void {
    delete this.servers[host + ":" + port];
  }

  connect(options: SocketOptions, listener: SocketListener): Socket {
    const link = new SimLink(this.clock, this.latencyMs || 0, options, listener);
    this.links.push(link);
    if (this.blackHole) return link;
    const accept = this.servers[options.host + ":" + options.port];
    this.clock.after(this.latencyMs || 0, function () {
      if (link.state !== "connecting") return;
      if (!accept) {
        link.establish(undefined);
        return;
      }
      const peer = new SimPeer(link, options);
      link.peer = peer;
      accept(peer);
      link.establish(peer);
    });
    return link;
  }

  /** The most recent connection, if any. */
  last(): SimLink | undefined {
    return this.links[this.links.length - 1];
  }
}
