import { ChangeSet, Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import type { HistoryEntry } from "../../api/pairpadApi";
import { authoredRanges } from "./authorship";
import { HistoryReplay } from "./replay";

const ADA = { authorName: "Ada", authorColor: "#e6194b" };
const BOB = { authorName: "Bob", authorColor: "#3cb44b" };

/** Entries that insert `text` at `at` in turn, starting from `base`. */
function typed(base: string, edits: { at: number; text: string; by: typeof ADA }[]) {
  let doc = Text.of(base.split("\n"));
  return edits.map(({ at, text, by }, index): HistoryEntry => {
    const changes = ChangeSet.of({ from: at, insert: text }, doc.length);
    doc = changes.apply(doc);
    return {
      version: index + 1,
      clientID: `client-${by.authorName}`,
      createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, index)).toISOString(),
      changes: changes.toJSON(),
      ...by,
    };
  });
}

describe("HistoryReplay", () => {
  const entries = typed("# start\n", [
    { at: 8, text: "x = 1\n", by: ADA },
    { at: 14, text: "y = 2\n", by: BOB },
    { at: 13, text: "0", by: ADA },
  ]);
  const replay = new HistoryReplay("# start\n", entries);

  it("shows the text at every version", () => {
    expect(replay.latest).toBe(3);
    expect(replay.at(0).doc.toString()).toBe("# start\n");
    expect(replay.at(1).doc.toString()).toBe("# start\nx = 1\n");
    expect(replay.at(3).doc.toString()).toBe("# start\nx = 10\ny = 2\n");
  });

  it("lists the authors once each, in the order they first wrote", () => {
    expect(replay.authors).toEqual([
      { name: "Ada", color: "#e6194b" },
      { name: "Bob", color: "#3cb44b" },
    ]);
    expect(replay.author(2)).toEqual({ name: "Bob", color: "#3cb44b" });
    expect(replay.author(0)).toBeNull();
    expect(replay.entry(3)?.version).toBe(3);
  });

  it("knows who wrote which part", () => {
    expect(authoredRanges(replay.at(3).segments)).toEqual([
      { from: 8, to: 15, author: 0 },
      { from: 15, to: 21, author: 1 },
    ]);
  });

  it("reaches versions past its checkpoints", () => {
    const many = typed(
      "",
      Array.from({ length: 250 }, (_, index) => ({ at: index, text: "a", by: ADA })),
    );
    const long = new HistoryReplay("", many);
    expect(long.at(237).doc.length).toBe(237);
    expect(long.at(999).doc.length).toBe(250);
  });

  it("lets only plain colors through", () => {
    const odd = typed("", [
      { at: 0, text: "a", by: { authorName: "Eve", authorColor: "red; background: url(x)" } },
    ]);
    expect(new HistoryReplay("", odd).authors[0]?.color).toBe("#98a0ae");
  });
});

describe("HistoryReplay from a base version", () => {
  // 250 single letters, Ada and Bob in turn, each inserted at a different place.
  const log = typed(
    "start\n",
    Array.from({ length: 250 }, (_, index) => ({
      at: (index * 7) % (index + 6),
      text: String.fromCharCode(97 + (index % 26)),
      by: index % 2 ? BOB : ADA,
    })),
  );
  const full = new HistoryReplay("start\n", log);
  const base = 120;
  const windowed = new HistoryReplay(full.at(base).doc.toString(), log.slice(base), base);

  it("runs from its base version to the newest", () => {
    expect(windowed.base).toBe(base);
    expect(windowed.latest).toBe(250);
    expect(windowed.at(0).doc.toString()).toBe(full.at(base).doc.toString());
    expect(windowed.at(999).doc.toString()).toBe(full.at(250).doc.toString());
  });

  it("has the same text at every version as a replay from version 0", () => {
    for (let version = base; version <= 250; version++) {
      expect(windowed.at(version).doc.toString()).toBe(full.at(version).doc.toString());
    }
  });

  it("numbers its entries and authors by version", () => {
    expect(windowed.entry(base)).toBeNull();
    expect(windowed.author(base)).toBeNull();
    expect(windowed.entry(base + 1)).toBe(full.entry(base + 1));
    expect(windowed.entry(250)?.version).toBe(250);
    expect(windowed.author(121)).toEqual(full.author(121));
    expect(windowed.author(122)).toEqual(full.author(122));
  });

  it("gives the text at its base version to no one", () => {
    expect(authoredRanges(windowed.at(base).segments)).toEqual([]);
    const written = authoredRanges(windowed.at(base + 1).segments);
    expect(written).toHaveLength(1);
    expect(written[0]?.to).toBe((written[0]?.from ?? 0) + 1);
  });
});
