// Node only. require("net") and require("tls") over a NetworkLink: `connect({host, port[, ca]}, cb)`
// returns a socket object of the bundle's realm with Espruino's events ('connect', 'data' as 8-bit
// strings, 'error' with {code, message}, 'close'), `write(string)` and `end()`. Without a link, every
// connect fails (asynchronously), as on a unit with no network.
import { LinkSocket, NetworkLink, LINK_ERR_UNREACHABLE } from "../network-link";
import { ContextRealm } from "./realm";

export class NetModule {
  private readonly sockets: LinkSocket[] = [];
  private disposed = false;

  /** `call` runs bundle code from a host event (reporting what it throws). */
  constructor(
    private readonly realm: ContextRealm,
    private readonly link: NetworkLink | undefined,
    private readonly call: (fn: () => void) => void,
  ) {}

  build(secure: boolean): any {
    const self = this;
    return this.realm.object({
      connect: function (options: any, callback?: unknown): any {
        return self.connect(options, callback, secure);
      },
    });
  }

  openCount(): number {
    return this.sockets.length;
  }

  /** The unit is gone: its sockets close and no event reaches its (dropped) context. */
  dispose(): void {
    this.disposed = true;
    for (const s of this.sockets.slice()) s.destroy();
    this.sockets.length = 0;
  }

  private connect(options: any, callback: unknown, secure: boolean): any {
    const realm = this.realm;
    if (!options || typeof options !== "object" || typeof options.host !== "string") {
      throw realm.error("connect: expected options {host, port}", "ARGS");
    }
    const port = Number(options.port) > 0 ? Number(options.port) : (secure ? 443 : 80);
    const self = this;
    const sock = new realm.global.Object();
    if (typeof callback === "function") sock.on("connect", callback);
    let link: LinkSocket | undefined;
    const emit = function (event: string, arg?: unknown) {
      if (self.disposed) return;
      self.call(function () {
        sock.emit(event, arg);
      });
    };
    const events = {
      onConnect: function () { emit("connect", sock); },
      onData: function (chunk: string) { emit("data", chunk); },
      onError: function (err: { code: number; message: string }) { emit("error", realm.value(err)); },
      onClose: function () {
        const i = link ? self.sockets.indexOf(link) : -1;
        if (i >= 0) self.sockets.splice(i, 1);
        emit("close");
      },
    };
    sock.write = realm.fn(function (data: unknown): boolean {
      if (link) link.write(toByteString(data));
      return true;
    });
    sock.end = realm.fn(function (): void {
      if (link) link.end();
    });
    if (this.link) {
      link = this.link.connect({ host: options.host, port, tls: secure, ca: typeof options.ca === "string" ? options.ca : undefined }, events);
      this.sockets.push(link);
    } else {
      setImmediate(function () {
        events.onError({ code: LINK_ERR_UNREACHABLE, message: "no network" });
        events.onClose();
      });
    }
    return sock;
  }
}

function toByteString(data: unknown): string {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
  if (Array.isArray(data)) {
    let s = "";
    for (const b of data) s += String.fromCharCode(Number(b) & 0xff);
    return s;
  }
  return String(data);
}
