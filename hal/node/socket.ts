import * as net from "net";
import * as tls from "tls";
import { Socket, SocketConnector, SocketListener, SocketOptions } from "../socket";

/** Node-only socket binding (tests, tools, the simulator): bytes travel as latin1 strings. */
class NodeSocket implements Socket {
  private sock: net.Socket | undefined;
  private closed = false;

  constructor(options: SocketOptions, private readonly listener: SocketListener, rejectUnauthorized: boolean) {
    const onConnect = () => {
      if (!this.closed) this.listener.onConnect();
    };
    try {
      this.sock = options.tls
        ? tls.connect(
            { host: options.host, port: options.port, servername: net.isIP(options.host) ? undefined : options.host, ca: options.ca, rejectUnauthorized },
            onConnect,
          )
        : net.connect({ host: options.host, port: options.port }, onConnect);
    } catch (e) {
      // Keep the contract: events never fire inside connect().
      setImmediate(() => {
        this.listener.onError(e as Error);
        this.finish();
      });
      return;
    }
    const sock = this.sock;
    sock.setNoDelay(true);
    sock.on("data", (d: Buffer) => {
      if (!this.closed) this.listener.onData(d.toString("latin1"));
    });
    sock.on("error", (e: Error) => {
      if (!this.closed) this.listener.onError(e);
    });
    sock.on("close", () => this.finish());
  }

  write(data: string): void {
    if (!this.closed && this.sock && this.sock.writable) this.sock.write(Buffer.from(data, "latin1"));
  }

  end(): void {
    if (!this.closed && this.sock) this.sock.end();
  }

  destroy(): void {
    if (!this.closed && this.sock) this.sock.destroy();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.listener.onClose();
  }
}

export class NodeSocketConnector implements SocketConnector {
  /** `rejectUnauthorized` false accepts any server certificate (tests with self-signed certs). */
  constructor(private readonly rejectUnauthorized?: boolean) {}

  connect(options: SocketOptions, listener: SocketListener): Socket {
    return new NodeSocket(options, listener, this.rejectUnauthorized !== false);
  }
}
