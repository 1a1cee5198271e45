// The slow parts of CAST AI (readiness, disconnect, the default node template appearing in the background)
// are effects due at a point in time. They run lazily, when a request or a test looks at the state, so the
// emulator owns no timers and tests control timing only through the configured delays.

/** An effect receives the time it was due, which is when the transition happened as far as clients see. */
type Effect = (dueAt: Date) => void;

interface Pending {
  at: number;
  run: Effect;
}

export class Timeline {
  private readonly pending = new Map<string, Pending>();

  /**
   * Runs `run` once `delayMs` has passed. A later call with the same key replaces the pending effect: a
   * cluster has one next status transition, and a credentials update restarts its readiness clock.
   * `Infinity` never fires (a cluster stuck in "connecting").
   */
  schedule(key: string, delayMs: number, run: Effect, now = Date.now()): void {
    this.pending.set(key, { at: now + delayMs, run });
  }

  cancel(key: string): void {
    this.pending.delete(key);
  }

  clear(): void {
    this.pending.clear();
  }

  /** Runs every effect that is due, oldest first. */
  settle(now = Date.now()): void {
    const due = [...this.pending.entries()].filter(([, p]) => p.at <= now).sort(([, a], [, b]) => a.at - b.at);
    for (const [key, effect] of due) {
      // An effect may have been replaced or cancelled by an earlier one in this same pass.
      if (this.pending.get(key) !== effect) continue;
      this.pending.delete(key);
      effect.run(new Date(effect.at));
    }
  }
}
