/** Text written by each author, highlighted in their color in the history's editor. */
import { RangeSetBuilder } from "@codemirror/state";
import { Decoration, type DecorationSet } from "@codemirror/view";

import { authoredRanges, type Segment } from "./authorship";
import type { Author } from "./replay";

export function authorMarks(
  segments: readonly Segment[],
  authors: readonly Author[],
): DecorationSet {
  const marks = authors.map((author) =>
    Decoration.mark({
      class: "cm-authored",
      attributes: { style: `--author-color: ${author.color}`, title: author.name },
    }),
  );
  const builder = new RangeSetBuilder<Decoration>();
  for (const { from, to, author } of authoredRanges(segments)) {
    const mark = marks[author];
    if (mark) builder.add(from, to, mark);
  }
  return builder.finish();
}
