import { ChangeSet, EditorSelection, EditorState, Transaction } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import {
  collab,
  getSyncedVersion,
  goesFirst,
  receiveUpdates,
  sendableUpdates,
  type Update,
} from "./orderedCollab";

function editor(clientID: string, doc = "xy", startVersion = 0): EditorState {
  return EditorState.create({ doc, extensions: collab({ startVersion, clientID }) });
}

function insert(state: EditorState, at: number, text: string): EditorState {
  return state.update({
    changes: { from: at, insert: text },
    selection: EditorSelection.cursor(at + text.length),
  }).state;
}

function receive(state: EditorState, ...updates: Update[]): EditorState {
  return receiveUpdates(state, updates).state;
}

const update = (clientID: string, changes: unknown): Update => ({
  clientID,
  changes: ChangeSet.fromJSON(changes),
});

describe("orderedCollab", () => {
  it("orders same-spot insertions by author, whoever arrives first", () => {
    const ada = insert(editor("ada"), 1, "A");
    expect(receive(ada, update("zoe", [1, [0, "Z"], 1])).doc.toString()).toBe("xAZy");
    const zoe = insert(editor("zoe"), 1, "Z");
    expect(receive(zoe, update("ada", [1, [0, "A"], 1])).doc.toString()).toBe("xAZy");
  });

  it("takes its own updates back as confirmations, oldest first", () => {
    let state = insert(insert(editor("ada", "", 4), 0, "a"), 1, "b");
    expect(sendableUpdates(state)).toHaveLength(2);
    state = receive(state, update("ada", [[0, "a"]]), update("bob", [1, [0, "!"]]));
    expect(getSyncedVersion(state)).toBe(6);
    expect(sendableUpdates(state).map((u) => u.changes.toJSON() as unknown)).toEqual([
      [1, [0, "b"], 1],
    ]);
    expect(state.doc.toString()).toBe("ab!");
  });

  it("keeps received text out of the undo history and marks it remote", () => {
    const state = editor("ada");
    const transaction = receiveUpdates(state, [update("bob", [2, [0, "!"]])]);
    expect(transaction.annotation(Transaction.addToHistory)).toBe(false);
    expect(transaction.annotation(Transaction.remote)).toBe(true);
    expect(sendableUpdates(transaction.state)).toHaveLength(0);
    expect(transaction.state.doc.toString()).toBe("xy!");
  });

  it("compares clientIDs as JavaScript compares strings", () => {
    expect(goesFirst("ada", "zoe")).toBe(true);
    expect(goesFirst("zoe", "ada")).toBe(false);
    expect(goesFirst("ada", "ada")).toBe(false);
  });
});

/** A small seeded generator, so a failing schedule can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Typist {
  state: EditorState;
  line: string;
  typed: number;
  /** The version and count of a push the server has not answered yet. */
  inFlight: { version: number; updates: readonly Update[] } | null;
}

/**
 * Two people type a line each at the same spot (both cursors at the end) through a server that
 * keeps the ordered log and rejects stale pushes; pushes, answers and updates arrive in random
 * order and chunks. Returns both editors' final texts and the log's.
 */
function typeAtOneSpot(seed: number, lines: [string, string]): string[] {
  const next = random(seed);
  const start = "start\n";
  const log: Update[] = [];
  const typists: Typist[] = lines.map((line, i) => ({
    state: EditorState.create({
      doc: start,
      selection: EditorSelection.cursor(start.length),
      extensions: collab({ startVersion: 0, clientID: `tab-${String(i)}` }),
    }),
    line,
    typed: 0,
    inFlight: null,
  }));
  const step = (typist: Typist) => {
    const roll = next();
    if (roll < 0.4 && typist.typed < typist.line.length) {
      const head = typist.state.selection.main.head;
      typist.state = insert(typist.state, head, typist.line.charAt(typist.typed));
      typist.typed += 1;
    } else if (roll < 0.6 && !typist.inFlight && sendableUpdates(typist.state).length) {
      const version = getSyncedVersion(typist.state);
      typist.inFlight = { version, updates: sendableUpdates(typist.state) };
    } else if (roll < 0.8 && typist.inFlight) {
      if (typist.inFlight.version === log.length) log.push(...typist.inFlight.updates);
      typist.inFlight = null;
    } else {
      const synced = getSyncedVersion(typist.state);
      const count = Math.ceil(next() * (log.length - synced));
      typist.state = receive(typist.state, ...log.slice(synced, synced + count));
    }
  };
  const busy = () =>
    typists.some(
      (t) =>
        t.typed < t.line.length ||
        t.inFlight ||
        sendableUpdates(t.state).length ||
        getSyncedVersion(t.state) < log.length,
    );
  for (let steps = 0; busy(); steps++) {
    if (steps > 100_000) throw new Error(`seed ${String(seed)} never settled`);
    step(typists[next() < 0.5 ? 0 : 1] as Typist);
  }
  const stored = log.reduce(
    (doc, u) => u.changes.apply(doc),
    EditorState.create({ doc: start }).doc,
  );
  return [...typists.map((t) => t.state.doc.toString()), stored.toString()];
}

describe("two people typing at one spot", () => {
  it("converge, and each line stays whole, in any order of delivery", () => {
    const lines: [string, string] = ["alpha = 1  # from one", "beta = 2  # from two"];
    for (let seed = 1; seed <= 300; seed++) {
      const [first, second, stored] = typeAtOneSpot(seed, lines);
      expect(first, `seed ${String(seed)}`).toBe(stored);
      expect(second, `seed ${String(seed)}`).toBe(stored);
      expect(stored, `seed ${String(seed)}`).toContain(lines[0]);
      expect(stored, `seed ${String(seed)}`).toContain(lines[1]);
    }
  });
});
