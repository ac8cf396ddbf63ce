import { ChangeSet } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { applyAuthorship, authoredRanges, originalText } from "./authorship";

describe("applyAuthorship", () => {
  it("gives inserted text to its author and keeps the rest", () => {
    const changes = ChangeSet.of({ from: 5, insert: "XYZ" }, 10);
    const segments = applyAuthorship(originalText(10), changes, 0);
    expect(segments).toEqual([
      { length: 5, author: null },
      { length: 3, author: 0 },
      { length: 5, author: null },
    ]);
  });

  it("splits someone's text when another author writes in its middle", () => {
    const first = applyAuthorship([], ChangeSet.of({ from: 0, insert: "abcdef" }, 0), 0);
    const second = applyAuthorship(first, ChangeSet.of({ from: 3, insert: "__" }, 6), 1);
    expect(authoredRanges(second)).toEqual([
      { from: 0, to: 3, author: 0 },
      { from: 3, to: 5, author: 1 },
      { from: 5, to: 8, author: 0 },
    ]);
  });

  it("drops deleted text and joins what comes together", () => {
    const start = [
      { length: 2, author: 0 },
      { length: 3, author: 1 },
      { length: 2, author: 0 },
    ];
    const segments = applyAuthorship(start, ChangeSet.of({ from: 2, to: 5 }, 7), 1);
    expect(segments).toEqual([{ length: 4, author: 0 }]);
  });

  it("gives a replacement to whoever replaced the text", () => {
    const segments = applyAuthorship(
      originalText(6),
      ChangeSet.of({ from: 1, to: 4, insert: "Q" }, 6),
      2,
    );
    expect(authoredRanges(segments)).toEqual([{ from: 1, to: 2, author: 2 }]);
  });

  it("counts UTF-16 code units, as the changes do", () => {
    // "a😀b": the emoji is two code units, so "b" starts at 3.
    const typed = applyAuthorship([], ChangeSet.of({ from: 0, insert: "a😀b" }, 0), 0);
    const after = applyAuthorship(typed, ChangeSet.of({ from: 3, insert: "é" }, 4), 1);
    expect(authoredRanges(after)).toEqual([
      { from: 0, to: 3, author: 0 },
      { from: 3, to: 4, author: 1 },
      { from: 4, to: 5, author: 0 },
    ]);
  });

  it("counts a line break as one position", () => {
    const segments = applyAuthorship(
      originalText(2),
      ChangeSet.of({ from: 1, insert: "x\ny" }, 2),
      0,
    );
    expect(authoredRanges(segments)).toEqual([{ from: 1, to: 4, author: 0 }]);
  });
});
