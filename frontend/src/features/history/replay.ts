/** A room's history replayed in the browser: the text at any version, and who wrote each part. */
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
  /** The newest version: the number of updates. */
  readonly latest: number;
  private readonly entries: readonly HistoryEntry[];
  private readonly changes: ChangeSet[];
  private readonly authorIndex: number[];
  private readonly checkpoints: VersionView[] = [];

  /** `base` is the text at version 0; `entries` are the updates from version 1 on, in order. */
  constructor(base: string, entries: readonly HistoryEntry[]) {
    this.entries = entries;
    this.latest = entries.length;
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
    let view: VersionView = { doc: Text.of(base.split("\n")), segments: originalText(base.length) };
    for (let version = 0; ; version++) {
      if (version % CHECKPOINT_EVERY === 0) this.checkpoints.push(view);
      if (version === this.latest) break;
      view = this.step(view, version);
    }
  }

  /** The text at `version` (clamped to 0 … latest) and who wrote which part of it. */
  at(version: number): VersionView {
    const target = Math.max(0, Math.min(this.latest, Math.floor(version)));
    const start = Math.floor(target / CHECKPOINT_EVERY);
    let view = this.checkpoints[start] ?? this.checkpoints[0];
    if (!view) throw new RangeError("The history has no starting text.");
    for (let at = start * CHECKPOINT_EVERY; at < target; at++) view = this.step(view, at);
    return view;
  }

  /** The update that produced `version`; null for version 0, the room's original text. */
  entry(version: number): HistoryEntry | null {
    return version > 0 ? (this.entries[version - 1] ?? null) : null;
  }

  author(version: number): Author | null {
    const index = this.authorIndex[version - 1];
    return index === undefined ? null : (this.authors[index] ?? null);
  }

  /** From the text at `version` to the text at `version + 1`. */
  private step(view: VersionView, version: number): VersionView {
    const changes = this.changes[version];
    const author = this.authorIndex[version];
    if (!changes || author === undefined) throw new RangeError(`No update after ${version}.`);
    return {
      doc: changes.apply(view.doc),
      segments: applyAuthorship(view.segments, changes, author),
    };
  }
}
