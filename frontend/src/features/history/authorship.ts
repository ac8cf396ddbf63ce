/**
 * Who wrote which part of a text: the text as consecutive segments, each written by one author
 * (or there before the replay starts). Lengths are UTF-16 code units, as CodeMirror counts.
 */
import type { ChangeSet } from "@codemirror/state";

export interface Segment {
  length: number;
  /** Index into the history's authors; null for text there at the replay's base version. */
  author: number | null;
}

export interface AuthoredRange {
  from: number;
  to: number;
  author: number;
}

/** The whole of a text of `length` as written before the replay: the original text, at 0. */
export function originalText(length: number): Segment[] {
  return length > 0 ? [{ length, author: null }] : [];
}

/** Copies segments piece by piece, joining neighbours by the same author. */
class SegmentBuilder {
  readonly segments: Segment[] = [];

  add(length: number, author: number | null): void {
    if (length <= 0) return;
    const last = this.segments.at(-1);
    if (last && last.author === author) last.length += length;
    else this.segments.push({ length, author });
  }
}

/** The segments after `changes`: kept text keeps its author, inserted text is `author`'s. */
export function applyAuthorship(
  segments: readonly Segment[],
  changes: ChangeSet,
  author: number,
): Segment[] {
  const out = new SegmentBuilder();
  let index = 0;
  /** How much of `segments[index]` lies before the position reached so far. */
  let offset = 0;
  let pos = 0;

  // Walk the old segments up to `to`, keeping them when `keep` is true, dropping them otherwise.
  const advance = (to: number, keep: boolean) => {
    while (pos < to) {
      const segment = segments[index];
      if (!segment) throw new RangeError("The change is longer than the text.");
      const step = Math.min(segment.length - offset, to - pos);
      if (keep) out.add(step, segment.author);
      pos += step;
      offset += step;
      if (offset === segment.length) {
        index += 1;
        offset = 0;
      }
    }
  };

  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    advance(fromA, true);
    advance(toA, false);
    out.add(inserted.length, author);
  });
  advance(changes.length, true);
  return out.segments;
}

/** The segments written by someone, as ranges of the text (earlier text is left out). */
export function authoredRanges(segments: readonly Segment[]): AuthoredRange[] {
  const ranges: AuthoredRange[] = [];
  let from = 0;
  for (const { length, author } of segments) {
    if (author !== null) ranges.push({ from, to: from + length, author });
    from += length;
  }
  return ranges;
}
