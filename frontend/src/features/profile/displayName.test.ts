import { describe, expect, it } from "vitest";

import { cleanDisplayName, DISPLAY_NAME_MAX } from "./displayName";

describe("cleanDisplayName", () => {
  it("trims and collapses spaces", () => {
    expect(cleanDisplayName("  Ada \t Lovelace\n")).toBe("Ada Lovelace");
  });

  it("keeps at most the server's limit", () => {
    expect(cleanDisplayName("x".repeat(150))).toHaveLength(DISPLAY_NAME_MAX);
  });
});
