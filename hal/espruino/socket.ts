import { codedError } from "../coded-error";
import { Socket, SocketConnector, SocketListener, SocketOptions } from "../socket";

/** The part of an Espruino `net`/`tls` socket this binding uses. */
interface EspruinoNetSocket {
  on(event: string, fn: (arg: any) => void): void;
  write(data: string): void;
  end(): void;
}

/** If a socket reports an error but never its close, give up on it after this long. */
const CLOSE_AFTER_ERROR_MS = 5000;

/**
 * What a socket reported (an Error, a plain {code, message} object, a string), as a coded Error
 * with a string code. Not sorted by `instanceof Error`: on Espruino the TypeError and friends the
 * interpreter throws are not instances of Error.
 */
function toError(e: any): Error {
  return codedError(e && e.code !== undefined ? String(e.code) : "SOCKET", e && e.message ? String(e.message) : String(e));
}

/**
 * Sockets over Espruino's built-in `net` and `tls` modules: `connect({host, port}, cb)`, data as
 * 8-bit strings. Espruino sockets have no destroy(): `end()` is the only way to close them, so
 * `destroy()` ends the socket and reports the close itself.
 */
class EspruinoSocket implements Socket {
  private raw: EspruinoNetSocket | undefined;
  private closed = false;
  private ending = false;

  constructor(options: SocketOptions, private readonly listener: SocketListener) {
    const self = this;
    const opts: any = { host: options.host, port: options.port };
    if (options.ca) opts.ca = options.ca;
    const mod = options.tls ? require("tls") : require("net");
    try {
      this.raw = mod.connect(opts, function () {
        if (!self.closed) self.listener.onConnect();
      }) as EspruinoNetSocket;
    } catch (e) {
      setTimeout(function () {
        self.fail(e);
      }, 0);
      return;
    }
    const raw = this.raw;
    raw.on("data", function (d: any) {
      if (!self.closed && !self.ending) self.listener.onData(String(d));
    });
    raw.on("error", function (e: any) {
      self.fail(e);
    });
    raw.on("close", function () {
      self.finish();
    });
  }

  write(data: string): void {
    if (this.raw && !this.closed && !this.ending) this.raw.write(data);
  }

  end(): void {
    if (this.closed || this.ending) return;
    this.ending = true;
    if (this.raw) this.raw.end();
  }

  destroy(): void {
    if (this.closed) return;
    this.end();
    const self = this;
    setTimeout(function () {
      self.finish();
    }, 0);
  }

  private fail(e: any): void {
    if (this.closed) return;
    this.listener.onError(toError(e));
    const self = this;
    setTimeout(function () {
      if (self.closed) return;
      if (self.raw) self.raw.end();
      self.finish();
    }, CLOSE_AFTER_ERROR_MS);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.listener.onClose();
  }
}

export class EspruinoSocketConnector implements SocketConnector {
  connect(options: SocketOptions, listener: SocketListener): Socket {
    return new EspruinoSocket(options, listener);
  }
}
