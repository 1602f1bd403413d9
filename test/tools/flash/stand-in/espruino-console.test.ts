// The stand-in's REPL line discipline, against what src/jsinteractive.c does (the bytes the espruino
// CLI relies on: echo, DLE lines, prompts, continuation lines, the locked console).
import { EspruinoConsole, LineResult } from "../../../../tools/flash/stand-in/espruino-console";

function setup(password?: string) {
  let out = "";
  const ran: string[] = [];
  const lock = { locked: false };
  const c = new EspruinoConsole({
    isLocked: () => lock.locked,
    unlock: () => { lock.locked = false; },
    write: (t) => { out += t; },
    run: (code): LineResult => {
      ran.push(code);
      if (code === "boom()") return { threw: true, error: new Error("boom") };
      if (code === "x") return { threw: true, error: Object.assign(new Error("\"x\" is not defined"), { name: "ReferenceError" }) };
      if (code === "1+1") return { value: 2, threw: false };
      return { value: undefined, threw: false };
    },
    password: () => password,
  });
  const type = (s: string) => {
    c.receive(s);
    c.idle();
    const o = out;
    out = "";
    return o;
  };
  return { c, ran, type, lock };
}

describe("stand-in console", () => {
  it("answers an empty line with a prompt, as the CLI expects before sending", () => {
    const { type } = setup();
    type(""); // first idle shows the prompt
    expect(type("\n")).toBe("\r\n>");
  });

  it("echoes what is typed, prints =value, then the prompt", () => {
    const { type, ran } = setup();
    type("");
    expect(type("1+1\r")).toBe("1+1\r\n=2\r\n>");
    expect(ran).toEqual(["1+1"]);
  });

  it("runs a DLE line silently: no echo, no =value, no new prompt", () => {
    const { type, ran } = setup();
    type("");
    expect(type("\x10y=1\n")).toBe("");
    expect(ran).toEqual(["y=1"]);
    // echo is back for the next line
    expect(type("1+1\n")).toBe("1+1\r\n=2\r\n>");
  });

  it("prints Uncaught for a line that throws, echo or not", () => {
    const { type } = setup();
    type("");
    expect(type("boom()\n")).toBe("boom()\r\nUncaught Error: boom\r\n>");
    expect(type("\x10x\n")).toBe("Uncaught ReferenceError: \"x\" is not defined\r\n>");
  });

  it("waits for brackets to close, and takes ESC LF as a newline that does not run", () => {
    const { type, ran } = setup();
    type("");
    expect(type("\x10if (a) {\n")).toBe("");
    expect(ran).toEqual([]);
    type("\x1B\nb();\n}\n");
    expect(ran).toEqual(["if (a) {\n\nb();\n}"]);
  });

  it("treats \\r\\n as one line end", () => {
    const { type, ran } = setup();
    type("\x10a=1\r\n\x10b=2\r\n");
    expect(ran).toEqual(["a=1", "b=2"]);
  });

  describe("locked with E.setPassword + E.lockConsole", () => {
    it("echoes nothing, runs nothing, and answers a wrong password", () => {
      const { c, type, ran, lock } = setup("s3cret");
      lock.locked = true;
      expect(type("")).toBe("password>");
      expect(type("\x10reset();\n")).toBe("\r\n  Invalid password\r\npassword>");
      expect(type("1+1")).toBe("");
      expect(type("\x03\x03")).toBe(""); // Ctrl-C does not break a locked console
      expect(ran).toEqual([]);
    });

    it("unlocks with the password and shows the prompt", () => {
      const { c, type, ran, lock } = setup("s3cret");
      lock.locked = true;
      expect(type("s3cret\n")).toBe("\r\n  Logged in.\r\n>");
      expect(c.locked).toBe(false);
      expect(type("1+1\n")).toBe("1+1\r\n=2\r\n>");
      expect(ran).toEqual(["1+1"]);
    });

    it("keeps only 20 typed characters, as Espruino does", () => {
      const long = "p".repeat(21);
      const { type, lock } = setup(long);
      lock.locked = true;
      expect(type(long + "\n")).toMatch(/Invalid password/);
      const twenty = "q".repeat(20);
      const s2 = setup(twenty);
      s2.lock.locked = true;
      expect(s2.type(twenty + "EXTRA\n")).toMatch(/Logged in/);
    });

    it("shows password> as the prompt after output", () => {
      const { c, type, lock } = setup("pw");
      lock.locked = true;
      c.printLine("hello");
      expect(type("")).toBe("hello\r\npassword>");
    });
  });
});
