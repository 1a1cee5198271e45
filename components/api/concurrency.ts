/** A counting semaphore: at most `limit` holders at once, the rest wait in order. */
export class Semaphore {
    private active = 0;
    private readonly waiting: (() => void)[] = [];

    constructor(readonly limit: number) {}

    async acquire(): Promise<() => void> {
        if (this.active >= this.limit) {
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        } else {
            this.active++;
        }
        let released = false;
        return () => {
            if (released) {
                return;
            }
            released = true;
            const next = this.waiting.shift();
            if (next) {
                next();
            } else {
                this.active--;
            }
        };
    }

    get inFlight(): number {
        return this.active;
    }
}

const processSemaphoreKey = Symbol.for("castai-fleet.api.inflight");

/**
 * The semaphore shared by every client in this process. It lives on globalThis because dynamic providers are
 * serialized by value per resource type, so a module-level variable would give each provider its own copy.
 */
export function processSemaphore(limit: number): Semaphore {
    const store = globalThis as unknown as Record<symbol, Semaphore | undefined>;
    let semaphore = store[processSemaphoreKey];
    if (!semaphore) {
        semaphore = new Semaphore(limit);
        store[processSemaphoreKey] = semaphore;
    }
    return semaphore;
}
