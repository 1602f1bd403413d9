/**
 * Unique CALL message ids: a random per-boot prefix and a counter ("k3f9a.17"), so ids differ
 * across reboots too (a Central System may keep answered ids for a while).
 */
export class MessageIds {
  private readonly prefix: string;
  private n = 0;

  constructor(random: () => number) {
    let p = "";
    for (let i = 0; i < 5; i++) p += "0123456789abcdefghijklmnopqrstuvwxyz".charAt(Math.floor(random() * 36) % 36);
    this.prefix = p + ".";
  }

  next(): string {
    this.n++;
    return this.prefix + this.n;
  }
}
