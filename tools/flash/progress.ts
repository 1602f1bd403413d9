// The upload's progress: bytes the CLI has written to the unit (counted by progress-hook.cjs) out of
// the size of what it sends (estimated below the way plugins/saveOnSend.js writes it). On a terminal
// one line is redrawn; in a log a line is printed at every 10 %.

/** Characters escaped by the CLI's toJSONishString (core/utils.js) take more than one on the wire. */
function quotedLength(text: string): number {
  let n = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 92 || (c >= 8 && c <= 12)) n += 2;
    else if (c < 8) n += 2;
    else if (c < 32 || c === 127 || c === 173 || (c >= 0xc2 && c <= 0xf4)) n += 4;
    else n += 1;
  }
  return n;
}

/** Bytes the CLI sends for a SAVE_ON_SEND=1 upload of `code` plus a `--storage` file of `fileBytes`. */
export function uploadBytes(code: string, fileName: string, fileBytes: number): number {
  const CHUNK = 1024;
  let total = "\n\x10reset();\n\x10print()\n".length + "\nload()\n\n".length;
  total += `require("Storage").write(${JSON.stringify(fileName)},atob(""),0,${fileBytes})\n`.length + Math.ceil(fileBytes / 3) * 4 + 1;
  for (let i = 0; i < code.length; i += CHUNK) {
    total += `\x10require("Storage").write(".bootcde",,${i}${i === 0 ? `,${code.length}` : ""});\n`.length;
    total += quotedLength(code.substr(i, CHUNK));
  }
  return total;
}

export function progressBar(sent: number, total: number, width = 30): string {
  const share = total > 0 ? Math.min(1, sent / total) : 0;
  const filled = Math.round(share * width);
  const pct = Math.floor(share * 100);
  const kb = (n: number) => (n / 1024).toFixed(1);
  return `upload [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(pct).padStart(3)}%  ${kb(Math.min(sent, total))}/${kb(total)} KB`;
}

export class ProgressReporter {
  private lastStep = -1;
  private drawn = false;
  private lastDrawAt = 0;

  constructor(
    private readonly total: number,
    private readonly tty: boolean,
    private readonly draw: (text: string) => void,
    private readonly line: (text: string) => void,
  ) {}

  update(sent: number): void {
    if (this.tty) {
      // the CLI writes 19 bytes at a time: redraw at most every 100 ms
      const now = Date.now();
      if (this.drawn && now - this.lastDrawAt < 100) return;
      this.lastDrawAt = now;
      this.draw(progressBar(sent, this.total));
      this.drawn = true;
      return;
    }
    const step = Math.floor(Math.min(1, sent / Math.max(1, this.total)) * 10);
    if (step > this.lastStep) {
      this.lastStep = step;
      this.line(progressBar(sent, this.total));
    }
  }

  /** The upload finished (`ok`) or stopped: on a terminal, end the redrawn line. */
  finish(ok: boolean, sent: number): void {
    if (ok) {
      if (this.tty) this.draw(progressBar(this.total, this.total));
      else if (this.lastStep < 10) this.line(progressBar(this.total, this.total));
    } else if (this.tty && !this.drawn) {
      this.draw(progressBar(sent, this.total));
    }
    if (this.tty) this.draw("\n");
  }
}
