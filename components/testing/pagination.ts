// Cursor pagination of the organization-level lists (`page.limit`, `page.cursor`; castai-api.md §1.6).
// Each list wraps the page in its own response shape (nextPageCursor, nextPage{cursor,limit}, ...).

import { fieldError } from "./errors";

export interface Page<T> {
  items: T[];
  /** "" on the last page. */
  nextCursor: string;
  /** The limit asked for, "" when none. */
  limit: string;
}

const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString("base64url");

function decodeCursor(cursor: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw fieldError("page.cursor", "not a cursor this API returned");
  return Number(match[1]);
}

/** ASSUMPTION: without `page.limit` the whole list is one page (the real default page size is not documented). */
export function paginate<T>(items: readonly T[], query: URLSearchParams): Page<T> {
  const limitText = query.get("page.limit") ?? "";
  const limit = limitText === "" ? items.length : Number(limitText);
  if (!Number.isInteger(limit) || limit < (limitText === "" ? 0 : 1)) {
    throw fieldError("page.limit", "must be a positive integer");
  }
  const cursor = query.get("page.cursor") ?? "";
  const start = cursor === "" ? 0 : decodeCursor(cursor);
  const end = start + limit;
  return { items: items.slice(start, end), nextCursor: end < items.length ? encodeCursor(end) : "", limit: limitText };
}
