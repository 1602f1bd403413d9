import { Cancel, Clock } from "../../../hal/clock";
import { SocketConnector } from "../../../hal/socket";
import { CodedError } from "../../../hal/coded-error";
import { Backoff } from "./backoff";
import { basicAuthorization } from "./basic-auth";
import { sha1 as jsSha1, Sha1 } from "./sha1";
import { WsCloseInfo, WsConnection, WsConnectionListener } from "./ws-connection";
import { wsEndpoint } from "./ws-url";

/** A text-message link to the Central System, as the RPC layer sees it. */
export interface MessageLink {
  /** Sends one message; false if the link is down (nothing was sent). */
  send(text: string): boolean;
  isOpen(): boolean;
  setListener(listener: MessageLinkListener): void;
}

export interface MessageLinkListener {
  onLinkOpen(): void;
  onLinkMessage(text: string): void;
  /** The link went down (it was open before). `error` says why, when it was not an orderly close. */
  onLinkClose(error: CodedError | undefined): void;
}

export interface WsLinkOptions {
  /** Central System URL, ws:// or wss://, without the charge point id. */
  url: string;
  chargePointId: string;
  /** OCPP AuthorizationKey; with it, HTTP Basic auth is sent (security profiles 1 and 2). */
  authorizationKey?: string;
  /** PEM CA for wss:// (binding default when absent). */
  ca?: string;
  /** OCPP WebSocketPingInterval in seconds; 0 = no pings. */
  webSocketPingIntervalS: number;
  /** Pong deadline in ms; default: the ping interval, at most 30 s. */
  pongTimeoutMs?: number;
  /** Default 8192 bytes. */
  maxMessageBytes?: number;
  /** Default 20 s. */
  openTimeoutMs?: number;
  /** Default 5 s. */
  closeTimeoutMs?: number;
  /** Back-off: first delay (default 2 s), ceiling (default 60 s). */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** A connection that stayed open this long resets the back-off (default 60 s). */
  stableMs?: number;
  /** Default Math.random. */
  random?: () => number;
  /** Default: the JS SHA-1 (a board may pass a native one). */
  sha1?: Sha1;
  log?: (line: string) => void;
}

/**
 * Keeps a WebSocket to the Central System up: connects on start(), and after every loss waits an
 * exponential, jittered, bounded delay before trying again. Path = URL path + "/" + chargePointId.
 */
export class WsLink implements MessageLink {
  private conn: WsConnection | undefined;
  private listener: MessageLinkListener | undefined;
  private readonly backoff: Backoff;
  private retryTimer: Cancel | undefined;
  private running = false;
  private openedAt = -1;
  private pingIntervalS: number;
  private authorizationKey: string | undefined;
  /** Connection attempts made (for tests and diagnostics). */
  attempts = 0;
  lastError: CodedError | undefined;

  constructor(
    private readonly connector: SocketConnector,
    private readonly clock: Clock,
    private readonly opts: WsLinkOptions,
  ) {
    // Capped at a minute: a unit back on the network delivers its queued transactions soon, and a
    // restarted Central System still sees each charger at most about once a minute (jittered).
    this.backoff = new Backoff(opts.reconnectInitialMs || 2000, opts.reconnectMaxMs || 60000, opts.random || Math.random);
    this.pingIntervalS = opts.webSocketPingIntervalS;
    this.authorizationKey = opts.authorizationKey;
    // Fails early on a malformed URL.
    wsEndpoint(opts.url, opts.chargePointId);
  }

  setListener(listener: MessageLinkListener): void {
    this.listener = listener;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.conn) {
      // Still closing from an earlier stop(): drop it; its events are ignored from now on.
      const old = this.conn;
      this.conn = undefined;
      old.abort("restarted");
    }
    this.connect();
  }

  /** Closes the link (close handshake) and stops reconnecting. */
  stop(): void {
    this.running = false;
    if (this.retryTimer) {
      this.retryTimer();
      this.retryTimer = undefined;
    }
    if (this.conn) this.conn.close(1000, "");
  }

  /** WebSocketPingInterval changed: used from the next connection. */
  setPingInterval(seconds: number): void {
    this.pingIntervalS = seconds;
  }

  /** AuthorizationKey changed (empty: none): used from the next connection. */
  setAuthorizationKey(key: string | undefined): void {
    this.authorizationKey = key ? key : undefined;
  }

  /** Drops the current connection (e.g. a dead link noticed above) and reconnects with back-off. */
  restart(reason: string): void {
    if (this.conn) this.conn.abort(reason);
  }

  isOpen(): boolean {
    return !!this.conn && this.conn.state === "open";
  }

  send(text: string): boolean {
    return !!this.conn && this.conn.send(text);
  }

  private onOpen(): void {
    this.openedAt = this.clock.now();
    this.lastError = undefined;
    this.log("connected to " + this.opts.url);
    if (this.listener) this.listener.onLinkOpen();
  }

  private onMessage(text: string): void {
    if (this.listener) this.listener.onLinkMessage(text);
  }

  private onClose(info: WsCloseInfo): void {
    this.conn = undefined;
    this.lastError = info.error;
    if (info.wasOpen && this.clock.now() - this.openedAt >= (this.opts.stableMs || 60000)) this.backoff.reset();
    this.log((info.wasOpen ? "connection closed: " : "connection failed: ") + (info.error ? info.error.code + " " + info.error.message : info.code + " " + info.reason));
    if (info.wasOpen && this.listener) this.listener.onLinkClose(info.error);
    if (!this.running) return;
    const delay = this.backoff.next();
    const self = this;
    this.retryTimer = this.clock.after(delay, function () {
      self.retryTimer = undefined;
      if (self.running) self.connect();
    });
  }

  private connect(): void {
    const ep = wsEndpoint(this.opts.url, this.opts.chargePointId);
    const pingMs = this.pingIntervalS > 0 ? this.pingIntervalS * 1000 : 0;
    this.attempts++;
    const self = this;
    let conn: WsConnection | undefined = undefined;
    const listener: WsConnectionListener = {
      onOpen: function () {
        if (self.conn === conn) self.onOpen();
      },
      onMessage: function (text: string) {
        if (self.conn === conn) self.onMessage(text);
      },
      onClose: function (info: WsCloseInfo) {
        if (self.conn === conn) self.onClose(info);
      },
    };
    conn = new WsConnection(this.connector, this.clock, {
      host: ep.host,
      port: ep.port,
      tls: ep.tls,
      path: ep.path,
      ca: this.opts.ca,
      protocol: "ocpp1.6",
      authorization: this.authorizationKey ? basicAuthorization(this.opts.chargePointId, this.authorizationKey) : undefined,
      maxMessageBytes: this.opts.maxMessageBytes || 8192,
      pingIntervalMs: pingMs,
      pongTimeoutMs: this.opts.pongTimeoutMs || Math.min(pingMs, 30000),
      openTimeoutMs: this.opts.openTimeoutMs || 20000,
      closeTimeoutMs: this.opts.closeTimeoutMs || 5000,
      random: this.opts.random || Math.random,
      sha1: this.opts.sha1 || jsSha1,
    }, listener);
    this.conn = conn;
  }

  private log(line: string): void {
    if (this.opts.log) this.opts.log("[ocpp-link] " + line);
  }
}
