// The upload's progress: bytes the CLI has written to the unit (counted by progress-hook.cjs) out of
// the size of the upload text (dist/upload-preview.js, which is what the CLI sends, give or take the
// few control characters it adds per line). On a terminal one line is redrawn; in a log a line is
// printed at every 10 %.

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

  constructor(
    private readonly total: number,
    private readonly tty: boolean,
    private readonly draw: (text: string) => void,
    private readonly line: (text: string) => void,
  ) {}

  update(sent: number): void {
    if (this.tty) {
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
