/** Positions in the editor's document versus positions in the server's versions of it. */
import type { ChangeDesc, EditorState } from "@codemirror/state";

import { sendableUpdates } from "./orderedCollab";

/** The unconfirmed local changes: from the last confirmed version to the editor's text. */
function unconfirmedChanges(state: EditorState): ChangeDesc | null {
  const descs = sendableUpdates(state).map((update) => update.changes.desc);
  return descs.length ? descs.reduce((all, next) => all.composeDesc(next)) : null;
}

/** Where `pos` of the editor's text lies in the last version the server confirmed. */
export function toSyncedPosition(state: EditorState, pos: number): number {
  return unconfirmedChanges(state)?.invertedDesc.mapPos(pos, -1) ?? pos;
}

/** Where `pos` of the last confirmed version lies in the editor's text (clamped to it). */
export function fromSyncedPosition(state: EditorState, pos: number): number {
  const unconfirmed = unconfirmedChanges(state);
  if (!unconfirmed) return Math.min(pos, state.doc.length);
  return unconfirmed.mapPos(Math.min(pos, unconfirmed.length), 1);
}

/**
 * The server's latest changes by version, so that a cursor a peer tagged with an older version
 * can be brought up to date. Only the last `limit` are kept; peers' cursors are rarely older.
 */
export class RecentChanges {
  private changes: ChangeDesc[] = [];
  private firstVersion: number;

  constructor(
    version = 0,
    private readonly limit = 500,
  ) {
    this.firstVersion = version;
  }

  get version(): number {
    return this.firstVersion + this.changes.length;
  }

  reset(version: number): void {
    this.changes = [];
    this.firstVersion = version;
  }

  add(changes: readonly ChangeDesc[]): void {
    this.changes.push(...changes);
    const excess = this.changes.length - this.limit;
    if (excess > 0) {
      this.changes.splice(0, excess);
      this.firstVersion += excess;
    }
  }

  /** `pos` of version `from` in the latest version; null when `from` is not covered. */
  mapFrom(from: number, pos: number): number | null {
    if (from < this.firstVersion || from > this.version) return null;
    return this.changes
      .slice(from - this.firstVersion)
      .reduce((mapped, change) => change.mapPos(mapped, 1), pos);
  }
}
