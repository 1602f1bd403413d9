// The stand-in unit behaves as a unit does where `npm run flash` depends on it: what boots when,
// what reset() and load() forget, and the watchdog during an upload.
import { SimStorage } from "../../../../hal/sim/storage";
import { prepareExpression } from "../../../../tools/flash/prepare";
import { createStandIn } from "../../../../tools/flash/stand-in-device";

const FIRMWARE = '(function(){E.on("init",function(){global.BOOTED=(global.BOOTED||0)+1;' +
  'E.setPassword("pw");E.lockConsole();E.enableWatchdog(2,false);setInterval(function(){E.kickWatchdog();},500);});})();';

function unitWithFirmware() {
  const storage = new SimStorage();
  storage.write(".bootcde", FIRMWARE);
  let out = "";
  const unit = createStandIn({ storage, trace: (direction, t) => { if (direction === "out") out += t; } });
  return { ...unit, storage, output: () => { const o = out; out = ""; return o; } };
}

describe("stand-in unit", () => {
  it("boots .bootcde at power-on, which locks the console; the password opens it", () => {
    const u = unitWithFirmware();
    expect(u.unit.shim()!.global("BOOTED")).toBe(1);
    expect(u.device.console.locked).toBe(true);
    u.device.input("1+1\n");
    expect(u.output()).toContain("Invalid password");
    u.device.input("pw\n");
    expect(u.output()).toContain("Logged in.");
    u.device.input("\x10print(BOOTED)\n");
    expect(u.output()).toContain("1\r\n");
  });

  it("reset() forgets RAM and the password and boots nothing; load() boots the code again", () => {
    const u = unitWithFirmware();
    u.device.input("pw\n\x10reset();\n");
    expect(u.device.console.locked).toBe(false);
    expect(u.unit.shim()!.global("BOOTED")).toBeUndefined();
    u.device.input("\x10load()\n");
    expect(u.unit.shim()!.global("BOOTED")).toBe(1);
    expect(u.device.console.locked).toBe(true);
    expect(u.device.boots).toBe(3);
  });

  it("reboots when the firmware's watchdog is no longer kicked after reset() (why the tool prepares)", () => {
    const u = unitWithFirmware();
    u.device.input("pw\n\x10reset();\n");
    u.device.advance(2500); // nobody kicks: the firmware is stopped, the watchdog is in manual mode
    expect(u.unit.watchdogResets).toBe(1);
    expect(u.device.boots).toBe(3); // power-on, reset(), then the watchdog's reboot
    expect(u.unit.shim()!.global("BOOTED")).toBe(1);
  });

  it("keeps kicking through reset() once the watchdog is automatic, until the new code takes it over", () => {
    const u = unitWithFirmware();
    u.device.input("pw\n\x10" + prepareExpression() + "\n");
    expect(u.output()).toContain("FLASHREADY:1");
    u.device.input("\x10reset();\n");
    u.device.advance(10000);
    expect(u.unit.watchdogResets).toBe(0);
    u.device.input("\x10load()\n"); // the firmware enables its own (manual) watchdog and kicks it
    u.device.advance(10000);
    expect(u.unit.watchdogResets).toBe(0);
    expect(u.unit.shim()!.watchdog).toMatchObject({ enabled: true, auto: false });
  });

  it("makes Storage.write throw when there is no room, as Espruino does", () => {
    let out = "";
    const unit = createStandIn({ storage: new SimStorage({ pages: 2 }), trace: (direction, t) => { if (direction === "out") out += t; } });
    unit.device.input('\x10require("Storage").write("big", "x".repeat(9000))\n');
    expect(out).toContain("Uncaught Error: Unable to find or create file");
  });
});
