import { describe, expect, it } from "vitest";

import { initials } from "./initials";

describe("initials", () => {
  it.each([
    ["Ada Lovelace", "AL"],
    ["grace", "G"],
    ["  Alan   Mathison Turing ", "AM"],
    ["Émile Zola", "ÉZ"],
    ["😀 smile", "😀S"],
    ["", "?"],
  ])("of %j is %j", (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
