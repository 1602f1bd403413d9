// Node only. require("Wifi"), minimal: connect() succeeds after a simulated association delay
// (whatever the NetworkLink's state: Wi-Fi up does not mean the backend is reachable); getIP,
// getStatus, getDetails, disconnect, setHostname. 'connected'/'disconnected' events on the module.
import { SimClock } from "../../../hal/sim/clock";
import { ContextRealm } from "./realm";

export const WIFI_CONNECT_MS = 1500;
const IP = { ip: "192.168.4.20", netmask: "255.255.255.0", gw: "192.168.4.1", mac: "24:0a:c4:00:00:01" };

export class WifiModule {
  ssid: string | undefined;
  connected = false;
  connects = 0;
  private cancel: (() => void) | undefined;

  constructor(
    private readonly realm: ContextRealm,
    private readonly clock: SimClock,
    private readonly call: (fn: () => void) => void,
    private readonly connectMs: number,
  ) {}

  build(): any {
    const self = this;
    const realm = this.realm;
    const mod: any = realm.object({
      connect: function (ssid: unknown, _options: unknown, callback?: unknown): void {
        self.connects++;
        self.ssid = String(ssid);
        if (self.cancel) self.cancel();
        self.cancel = self.clock.after(self.connectMs, function () {
          self.cancel = undefined;
          self.connected = true;
          self.call(function () {
            if (typeof callback === "function") callback(null);
            mod.emit("connected", realm.value(IP));
          });
        });
      },
      disconnect: function (callback?: unknown): void {
        if (self.cancel) self.cancel();
        self.cancel = undefined;
        const was = self.connected;
        self.connected = false;
        self.clock.after(0, function () {
          self.call(function () {
            if (typeof callback === "function") callback();
            if (was) mod.emit("disconnected", realm.value({ reason: "8" }));
          });
        });
      },
      getIP: function (callback?: unknown): any {
        const info = realm.value(self.connected ? IP : { ip: "0.0.0.0", netmask: "0.0.0.0", gw: "0.0.0.0", mac: IP.mac });
        if (typeof callback === "function") callback(null, info);
        return info;
      },
      getStatus: function (callback?: unknown): any {
        const s = realm.value({ station: self.connected ? "connected" : "off", ap: "disabled", mode: "STA" });
        if (typeof callback === "function") callback(s);
        return s;
      },
      getDetails: function (callback?: unknown): any {
        const d = realm.value({ status: self.connected ? "connected" : "off", ssid: self.ssid || "" });
        if (typeof callback === "function") callback(d);
        return d;
      },
      setHostname: function (_name: unknown, callback?: unknown): void {
        if (typeof callback === "function") callback();
      },
    });
    return mod;
  }

  dispose(): void {
    if (this.cancel) this.cancel();
    this.cancel = undefined;
  }
}
