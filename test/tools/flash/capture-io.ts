// A FlashIo that records what the flash tool prints, and answers its question with `answer`.
import type { FlashIo } from "../../../tools/flash/flash";

export interface CapturedIo extends FlashIo {
  lines: string[];
  errors: string[];
  drawn: string[];
  questions: string[];
  all(): string;
}

export function captureIo(answer?: string, tty = false): CapturedIo {
  const io: CapturedIo = {
    lines: [],
    errors: [],
    drawn: [],
    questions: [],
    tty,
    out: (l) => { io.lines.push(l); },
    err: (l) => { io.errors.push(l); },
    draw: (t) => { io.drawn.push(t); },
    ask: (q) => {
      io.questions.push(q);
      return Promise.resolve(answer);
    },
    all: () => io.lines.concat(io.errors).join("\n"),
  };
  return io;
}
