/**
 * A room's history is loaded a window at a time, newest first: the text at the window's base
 * version and the updates after it, so opening the history costs the same however long the room.
 */

/** Updates per window: a room with no more than this many is loaded whole, from version 0. */
export const HISTORY_WINDOW = 2000;
/** The most updates the server returns per history page. */
export const HISTORY_PAGE_SIZE = 1000;

export interface HistoryPageQuery {
  since: number;
  limit: number;
}

/** What to fetch for the window that ends at version `until`. */
export interface HistoryWindowPlan {
  /** The version whose full text the window starts from. */
  base: number;
  /** The pages holding the updates that made versions `base + 1` … `until`, in order. */
  pages: HistoryPageQuery[];
}

/** The window of at most `size` updates up to `until`, as history pages to fetch. */
export function windowEndingAt(until: number, size = HISTORY_WINDOW): HistoryWindowPlan {
  const base = Math.max(0, until - size);
  const pages: HistoryPageQuery[] = [];
  for (let since = base; since < until; since += HISTORY_PAGE_SIZE) {
    pages.push({ since, limit: Math.min(HISTORY_PAGE_SIZE, until - since) });
  }
  return { base, pages };
}
