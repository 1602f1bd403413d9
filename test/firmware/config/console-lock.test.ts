import { consolePasswordFromUnitFile, lockConsoleAtBoot } from "../../../firmware/config/console-lock";
import { UNIT_FILE } from "../../../firmware/config/unit-file";
import { SimStorage } from "../../../hal/sim/storage";

function recorder() {
  const calls: string[] = [];
  return { calls, locker: { setPassword: (p: string) => calls.push(`setPassword(${p})`), lockConsole: () => calls.push("lockConsole()") } };
}

describe("console lock at boot", () => {
  it("sets the password from unit.json and locks the console", () => {
    const storage = new SimStorage();
    storage.write(UNIT_FILE, JSON.stringify({ chargePointId: "CP-1", consolePassword: "s3cret" }));
    const r = recorder();
    expect(lockConsoleAtBoot(storage, r.locker)).toBe(true);
    expect(r.calls).toEqual(["setPassword(s3cret)", "lockConsole()"]);
  });

  it("locks even when the rest of unit.json is invalid (the flash it protects is there either way)", () => {
    const storage = new SimStorage();
    storage.write(UNIT_FILE, JSON.stringify({ relay: "D99", consolePassword: "pw" }));
    const r = recorder();
    expect(lockConsoleAtBoot(storage, r.locker)).toBe(true);
    expect(r.calls).toEqual(["setPassword(pw)", "lockConsole()"]);
  });

  it.each([
    ["no unit.json", undefined],
    ["no password", JSON.stringify({ chargePointId: "CP-1" })],
    ["not JSON", "{consolePassword:"],
    ["a password longer than the 20 characters Espruino reads", JSON.stringify({ consolePassword: "x".repeat(21) })],
    ["a password with a space", JSON.stringify({ consolePassword: "a b" })],
    ["a password that is not a string", JSON.stringify({ consolePassword: 1234 })],
    ["an empty password", JSON.stringify({ consolePassword: "" })],
  ])("leaves the console open with %s", (_what, text) => {
    const storage = new SimStorage();
    if (text !== undefined) storage.write(UNIT_FILE, text);
    const r = recorder();
    expect(lockConsoleAtBoot(storage, r.locker)).toBe(false);
    expect(r.calls).toEqual([]);
    expect(consolePasswordFromUnitFile(storage)).toBe("");
  });
});
