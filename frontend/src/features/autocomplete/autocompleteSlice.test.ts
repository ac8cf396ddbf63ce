import { describe, expect, it } from "vitest";

import reducer, {
  nothingSuggested,
  suggestionAccepted,
  suggestionDismissed,
  suggestionDropped,
  suggestionFailed,
  suggestionRequested,
  suggestionShown,
  suggestionWordAccepted,
} from "./autocompleteSlice";

describe("autocompleteSlice", () => {
  const start = reducer(undefined, { type: "init" });
  const shown = reducer(
    reducer(start, suggestionRequested()),
    suggestionShown({ suggestion: "th", provider: "jedi" }),
  );

  it("waits for a requested suggestion, then shows it", () => {
    expect(reducer(start, suggestionRequested()).status).toBe("waiting");
    expect(shown).toEqual({ status: "shown", suggestion: "th", provider: "jedi", error: null });
  });

  it.each([
    ["accepted", suggestionAccepted()],
    ["dismissed", suggestionDismissed()],
    ["dropped", suggestionDropped()],
  ])("is idle again once a suggestion is %s", (_, action) => {
    expect(reducer(shown, action)).toMatchObject({ status: "idle", suggestion: null });
  });

  it("keeps showing the rest of a suggestion once a word of it is accepted", () => {
    const state = reducer(shown, suggestionWordAccepted({ rest: ".join(a, b)" }));
    expect(state).toEqual({
      status: "shown",
      suggestion: ".join(a, b)",
      provider: "jedi",
      error: null,
    });
  });

  it("is idle when there is nothing to suggest", () => {
    const state = reducer(
      reducer(start, suggestionRequested()),
      nothingSuggested({ provider: "none" }),
    );
    expect(state).toMatchObject({ status: "idle", provider: "none" });
  });

  it("keeps why suggestions failed until the next request", () => {
    const failed = reducer(start, suggestionFailed("The server cannot be reached."));
    expect(failed.error).toBe("The server cannot be reached.");
    expect(reducer(failed, suggestionRequested()).error).toBeNull();
  });
});
