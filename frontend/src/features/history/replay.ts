/**
 * A stretch of a room's history replayed in the browser, from a base version (0, the room's
 * original text, or where the loaded history starts): the text at each version from there on,
 * and who wrote each part of it.
 */
import { ChangeSet, Text } from "@codemirror/state";

import type { HistoryEntry } from "../../api/pairpadApi";
import { applyAuthorship, originalText, type Segment } from "./authorship";

export interface Author {
  name: string;
  color: string;
}

export interface VersionView {
  doc: Text;
  segments: readonly Segment[];
}

/** Versions between stored states, so reaching any version replays at most this many changes. */
const CHECKPOINT_EVERY = 100;
const UNKNOWN_COLOR = "#98a0ae";
const COLOR = /^#[0-9a-f]{3,8}$/i;

function authorOf(entry: HistoryEntry): Author {
  return {
    name: entry.authorName ?? "Unknown",
    // The color ends up in a style attribute: only plain hex colors are let through.
    color: entry.authorColor && COLOR.test(entry.authorColor) ? entry.authorColor : UNKNOWN_COLOR,
  };
}

export class HistoryReplay {
  /** Everyone who changed the text, in the order they first did. */
  readonly authors: Author[] = [];
  /** The version the replay starts from; the text it had is attributed to no one. */
  readonly base: number;
  /** The newest version. */
  readonly latest: number;
  private readonly entries: readonly HistoryEntry[];
  private readonly changes: ChangeSet[];
  private readonly authorIndex: number[];
  private readonly checkpoints: VersionView[] = [];

  /** `baseText` is the text at `base`; `entries` are the updates from `base + 1` on, in order. */
  constructor(baseText: string, entries: readonly HistoryEntry[], base = 0) {
    this.entries = entries;
    this.base = base;
    this.latest = base + entries.length;
    this.changes = entries.map((entry) => ChangeSet.fromJSON(entry.changes));
    const known = new Map<string, number>();
    this.authorIndex = entries.map((entry) => {
      const author = authorOf(entry);
      const key = `${author.name}\n${author.color}`;
      let index = known.get(key);
      if (index === undefined) {
        index = this.authors.push(author) - 1;
        known.set(key, index);
      }
      return index;
    });
    let view: VersionView = {
      doc: Text.of(baseText.split("\n")),
      segments: originalText(baseText.length),
    };
    for (let step = 0; ; step++) {
      if (step % CHECKPOINT_EVERY === 0) this.checkpoints.push(view);
      if (step === entries.length) break;
      view = this.step(view, step);
    }
  }

  /** The text at `version` (clamped to base … latest) and who wrote which part of it. */
  at(version: number): VersionView {
    const target = Math.max(this.base, Math.min(this.latest, Math.floor(version))) - this.base;
    const start = Math.floor(target / CHECKPOINT_EVERY);
    let view = this.checkpoints[start] ?? this.checkpoints[0];
    if (!view) throw new RangeError("The history has no starting text.");
    for (let step = start * CHECKPOINT_EVERY; step < target; step++) view = this.step(view, step);
    return view;
  }

  /** The update that produced `version`; null for the base version and any before it. */
  entry(version: number): HistoryEntry | null {
    return version > this.base ? (this.entries[version - this.base - 1] ?? null) : null;
  }

  author(version: number): Author | null {
    const index = this.authorIndex[version - this.base - 1];
    return index === undefined ? null : (this.authors[index] ?? null);
  }

  /** Applies the update at `step` (counted from the base version) to the text before it. */
  private step(view: VersionView, step: number): VersionView {
    const changes = this.changes[step];
    const author = this.authorIndex[step];
    if (!changes || author === undefined) {
      throw new RangeError(`No update after ${this.base + step}.`);
    }
    return {
      doc: changes.apply(view.doc),
      segments: applyAuthorship(view.segments, changes, author),
    };
  }
}
