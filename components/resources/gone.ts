import { CastAiApiError } from "../api/errors";

/** Runs a read; a 404 means the object is gone and yields undefined. */
export async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
        return await read();
    } catch (err) {
        if (err instanceof CastAiApiError && err.isNotFound) {
            return undefined;
        }
        throw err;
    }
}

/** Runs a delete; an object that is already gone counts as deleted. */
export async function deleteIfPresent(del: () => Promise<unknown>): Promise<void> {
    await unlessNotFound(del);
}
