// The emulator's "now" for what the API decides by time (key expiry, createdAt, updatedAt). Tests move it to
// cross a key's expiry without waiting; lifecycle delays (readiness, disconnect) keep running on real time.

export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** From now on, time runs from `at` onwards. */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Back to the machine's time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
