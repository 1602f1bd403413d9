// Preloaded into the espruino CLI process (`node --require cli-hook.cjs espruino-cli.js ...`) by
// tools/flash/espruino-cli.ts, for two things the CLI does not do. Reports go to file descriptor 3,
// one line each, which the flash tool opened as a pipe.
//
// 1. Progress: it counts the bytes the CLI writes to the unit, i.e. every write on a stream that is not
//    stdout/stderr (the TCP socket or the serial port; both are Node Duplex streams, whose prototype
//    holds its own copy of Writable's write). Report: `sent <total bytes>`.
// 2. Unlocking a locked console (FLASH_CONSOLE_PASSWORD in the environment): Espruino's locked console
//    takes every line as a password attempt, and the CLI starts each line it sends with DLE (0x10),
//    so it could never log in itself. On the connection's first write, the hook holds the CLI's data,
//    sends one empty line and reads the prompt: `password>` -> it sends the password and waits for
//    "Logged in." (a plain `>` -> not locked: the password is NOT sent, since an unlocked console would
//    run it as JavaScript). Then the held writes go out in order. Report: `unlock <outcome>`.
//    Doing it on the CLI's own connection matters on boards that reboot when their port is opened.
"use strict";
const fs = require("fs");
const stream = require("stream");

const REPORT_FD = 3;
const PASSWORD = process.env.FLASH_CONSOLE_PASSWORD;
delete process.env.FLASH_CONSOLE_PASSWORD;
const ANSWER_MS = 1500;

let usable = true;
function report(line) {
  if (!usable) return;
  try {
    fs.writeSync(REPORT_FD, line + "\n");
  } catch (e) {
    usable = false; // run by hand without the pipe: stay silent
  }
}

let total = 0;
// "none": no password to type; "first": waiting for the first device write; "busy": unlocking; "done"
let unlock = PASSWORD ? "first" : "none";
const held = [];

function isDevice(s) {
  return s !== process.stdout && s !== process.stderr;
}

function counting(write) {
  return function (chunk, encoding, callback) {
    if (!isDevice(this) || chunk == null) return write.apply(this, arguments);
    if (unlock === "first") {
      unlock = "busy";
      held.push({ self: this, args: arguments });
      startUnlock(this, write);
      return true;
    }
    if (unlock === "busy") {
      held.push({ self: this, args: arguments });
      return true;
    }
    total += typeof chunk === "string" ? Buffer.byteLength(chunk, typeof encoding === "string" ? encoding : "utf8") : chunk.length;
    report("sent " + total);
    return write.apply(this, arguments);
  };
}

function startUnlock(device, write) {
  let received = "";
  let phase = "prompt";
  let timer;
  const finish = (outcome) => {
    if (unlock === "done") return;
    clearTimeout(timer);
    device.removeListener("data", onData);
    unlock = "done";
    report("unlock " + outcome);
    for (const h of held.splice(0)) h.self.write.apply(h.self, h.args);
  };
  const onData = (d) => {
    received += Buffer.isBuffer(d) ? d.toString("latin1") : String(d);
    if (phase === "prompt") {
      if (/password>\s*$/.test(received)) {
        phase = "password";
        received = "";
        write.call(device, Buffer.from(PASSWORD + "\n", "latin1"));
      } else if (/>\s*$/.test(received)) {
        finish("not-locked");
      }
    } else if (/Logged in\./.test(received)) {
      finish("unlocked");
    } else if (/Invalid password/.test(received)) {
      finish("wrong-password");
    }
  };
  device.on("data", onData);
  timer = setTimeout(() => finish("no-answer"), ANSWER_MS * 2);
  write.call(device, Buffer.from("\n", "latin1"));
}

stream.Writable.prototype.write = counting(stream.Writable.prototype.write);
stream.Duplex.prototype.write = counting(stream.Duplex.prototype.write);
