/**
 * A TCP (optionally TLS) client connection carrying bytes as 8-bit strings (one character per
 * byte, 0..255), as Espruino's `net`/`tls` sockets do. Bindings: hal/espruino/socket.ts (device),
 * hal/node/socket.ts (Node), hal/sim/socket.ts (in-memory, for tests).
 *
 * Event contract every binding keeps, so the code above needs no defensive checks:
 * - `onConnect` at most once, before any `onData`;
 * - `onError` zero or more times, never after `onClose`;
 * - `onClose` exactly once per `connect`, also when the connection was never established or was
 *   ended by `end()`/`destroy()`; nothing fires after it.
 * Events never fire synchronously inside `connect`, `write`, `end` or `destroy`.
 */
export interface SocketListener {
  onConnect(): void;
  onData(chunk: string): void;
  onError(err: Error): void;
  onClose(): void;
}

export interface SocketOptions {
  host: string;
  port: number;
  /** Wrap the connection in TLS (wss://). */
  tls: boolean;
  /** PEM CA certificate(s) to trust for TLS; binding default when absent. */
  ca?: string;
}

export interface Socket {
  /** Queues bytes (an 8-bit string). Ignored once the socket is closing or closed. */
  write(data: string): void;
  /** Sends what is queued, then closes. */
  end(): void;
  /** Closes now, dropping anything unsent. */
  destroy(): void;
}

/** Opens client connections (a board's network interface). */
export interface SocketConnector {
  connect(options: SocketOptions, listener: SocketListener): Socket;
}
