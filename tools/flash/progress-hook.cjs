// Preloaded into the espruino CLI process (`node --require progress-hook.cjs espruino-cli.js ...`) by
// tools/flash/espruino-cli.ts. The CLI reports no progress of its own, so this counts the bytes it
// writes to the unit: every write on a stream that is not stdout/stderr (the TCP socket or the serial
// port; both are Node Duplex streams, whose prototype holds its own copy of Writable's write). Each report is one line `sent <total bytes>` on file
// descriptor 3, which the flash tool opened as a pipe. Nothing else in the CLI changes.
"use strict";
const fs = require("fs");
const stream = require("stream");

const PROGRESS_FD = 3;
let total = 0;
let usable = true;

function report() {
  if (!usable) return;
  try {
    fs.writeSync(PROGRESS_FD, "sent " + total + "\n");
  } catch (e) {
    usable = false; // run without the pipe (by hand): stay silent
  }
}

function counting(write) {
  return function (chunk, encoding, callback) {
    if (this !== process.stdout && this !== process.stderr && chunk != null) {
      total += typeof chunk === "string" ? Buffer.byteLength(chunk, typeof encoding === "string" ? encoding : "utf8") : chunk.length;
      report();
    }
    return write.apply(this, arguments);
  };
}

stream.Writable.prototype.write = counting(stream.Writable.prototype.write);
stream.Duplex.prototype.write = counting(stream.Duplex.prototype.write);
