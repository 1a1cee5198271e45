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

/**
 * The semaphore shared by every client in this process. It lives on globalThis because dynamic providers are
 * serialized by value per resource type, so a module-level variable would give each provider its own copy.
 */
export function processSemaphore(limit: number): Semaphore {
    // A string key: closure serialization cannot carry a module-level Symbol into the provider process.
    const store = globalThis as unknown as { __castaiFleetApiSemaphore?: Semaphore };
    store.__castaiFleetApiSemaphore ??= new Semaphore(limit);
    return store.__castaiFleetApiSemaphore;
}
