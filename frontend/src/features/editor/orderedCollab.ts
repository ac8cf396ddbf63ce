/**
 * The editor's side of the room's ordered log: @codemirror/collab's model (a synced version, the
 * local updates not confirmed yet, one remote transaction per received frame) and its function
 * names, with one decision made differently. Where an incoming insertion and one of ours land at
 * the same place, the author whose clientID sorts first goes first, whoever reached the server
 * first (docs/protocol.md, "Same-spot insertions"). Deciding by arrival, as the package does and
 * offers no way to change, flips the order back and forth between two people typing at one spot
 * and interleaves their characters.
 *
 * Incoming updates are taken one at a time, never composed first, because that is how the server
 * rebases a stale push that asks for this order (collab/rebase.py, `rebase_by_author`): both must
 * move the same changes over the same updates in the same steps to agree.
 *
 * Only this module's dependency is @codemirror/state, so tests can load it outside the browser.
 */
import {
  Annotation,
  Facet,
  StateField,
  Transaction,
  type ChangeSet,
  type EditorState,
  type Extension,
} from "@codemirror/state";

export interface Update {
  readonly clientID: string;
  readonly changes: ChangeSet;
}

export interface CollabConfig {
  /** The room's version the editor's text starts at. */
  startVersion: number;
  /** Unique per editor instance and kept across reconnects (docs/protocol.md). */
  clientID: string;
}

interface Synced {
  readonly version: number;
  /** Local updates the server has not confirmed, each against the text after the ones before. */
  readonly unconfirmed: readonly Update[];
}

const collabConfig = Facet.define<CollabConfig, CollabConfig>({
  combine: (configs) => configs[0] ?? { startVersion: 0, clientID: "" },
});

/** Marks the transaction that applies received updates, carrying the state they leave. */
const received = Annotation.define<Synced>();

const syncedField = StateField.define<Synced>({
  create: (state) => ({ version: state.facet(collabConfig).startVersion, unconfirmed: [] }),
  update(synced, tr) {
    const next = tr.annotation(received);
    if (next) return next;
    if (tr.changes.empty) return synced;
    const { clientID } = tr.startState.facet(collabConfig);
    return {
      version: synced.version,
      unconfirmed: [...synced.unconfirmed, { clientID, changes: tr.changes }],
    };
  },
});

export function collab(config: CollabConfig): Extension {
  return [syncedField, collabConfig.of(config)];
}

/**
 * Whether `author`'s insertion goes before `other`'s at one position: clientIDs compared by
 * UTF-16 code units, as JavaScript compares strings and the server does too.
 */
export function goesFirst(author: string, other: string): boolean {
  return author < other;
}

/**
 * The transaction that brings the editor up to the room after `updates`, the room's next
 * updates in order: our own confirm our oldest unconfirmed one, anyone else's is moved over all
 * our unconfirmed ones (and they over it) with same-spot insertions ordered by author.
 */
export function receiveUpdates(state: EditorState, updates: readonly Update[]): Transaction {
  let { version, unconfirmed } = state.field(syncedField);
  let incoming: ChangeSet | null = null;
  for (const update of updates) {
    version += 1;
    if (unconfirmed[0]?.clientID === update.clientID) {
      unconfirmed = unconfirmed.slice(1);
      continue;
    }
    let theirs = update.changes;
    unconfirmed = unconfirmed.map((mine) => {
      const mineFirst = goesFirst(mine.clientID, update.clientID);
      const moved = mine.changes.map(theirs, mineFirst);
      theirs = theirs.map(mine.changes, !mineFirst);
      return { clientID: mine.clientID, changes: moved };
    });
    incoming = incoming ? incoming.compose(theirs) : theirs;
  }
  const synced = received.of({ version, unconfirmed });
  if (!incoming) return state.update({ annotations: synced });
  return state.update({
    changes: incoming,
    annotations: [Transaction.addToHistory.of(false), Transaction.remote.of(true), synced],
    filter: false,
  });
}

/** Local updates the server has not confirmed yet, oldest first. */
export function sendableUpdates(state: EditorState): readonly Update[] {
  return state.field(syncedField).unconfirmed;
}

/** The room's version the editor has received every update up to. */
export function getSyncedVersion(state: EditorState): number {
  return state.field(syncedField).version;
}
