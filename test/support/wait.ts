/** Polls `cond` every 5 ms until it holds; rejects after `timeoutMs` with `what`. */
export function waitFor(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error("timed out waiting for " + what));
      setTimeout(tick, 5);
    };
    tick();
  });
}
