import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { acceptSuggestion, ghostField, ghostShown, nextWord } from "./ghostText";

/** An editor holding `doc` with the cursor at its end and `suggestion` shown there. */
function showing(doc: string, suggestion: string): EditorState {
  const state = EditorState.create({
    doc,
    selection: { anchor: doc.length },
    extensions: ghostField,
  });
  return state.update({ effects: ghostShown.of({ pos: doc.length, text: suggestion }) }).state;
}

function accept(state: EditorState, part: "all" | "word"): EditorState {
  const spec = acceptSuggestion(state, part);
  if (!spec) throw new Error("no suggestion shown");
  return state.update(spec).state;
}

const MULTI_LINE = "th.join(root, name)\n    print(full)";

describe("ghost text", () => {
  it("keeps a suggestion of several lines whole while it is shown", () => {
    const state = showing("full = os.pa", MULTI_LINE);
    expect(state.field(ghostField)).toEqual({ pos: 12, text: MULTI_LINE });
  });

  it("inserts every line of a suggestion on Tab and leaves the cursor after it", () => {
    const state = accept(showing("full = os.pa", MULTI_LINE), "all");
    expect(state.doc.toString()).toBe("full = os.path.join(root, name)\n    print(full)");
    expect(state.selection.main.head).toBe(state.doc.length);
    expect(state.field(ghostField)).toBeNull();
  });

  it("takes one word at a time on Ctrl+→ and keeps showing the rest after the cursor", () => {
    let state = showing("full = os.pa", MULTI_LINE);
    const taken: string[] = [];
    while (state.field(ghostField)) {
      const before = state.doc.length;
      state = accept(state, "word");
      taken.push(state.doc.sliceString(before));
      const rest = state.field(ghostField);
      if (rest) expect(rest.pos).toBe(state.selection.main.head);
    }
    expect(taken).toEqual([
      "th",
      ".",
      "join",
      "(",
      "root",
      ",",
      " name",
      ")",
      "\n    print",
      "(",
      "full",
      ")",
    ]);
    expect(state.doc.toString()).toBe("full = os.path.join(root, name)\n    print(full)");
  });

  it("shows what is left of the suggestion after a word is taken", () => {
    const state = accept(showing("def add(a, b):\n    ", "return a + b"), "word");
    expect(state.doc.toString()).toBe("def add(a, b):\n    return");
    expect(state.field(ghostField)).toEqual({ pos: 25, text: " a + b" });
  });

  it("leaves Tab and Ctrl+→ to the editor when nothing is suggested", () => {
    const state = EditorState.create({ doc: "x", extensions: ghostField });
    expect(acceptSuggestion(state, "all")).toBeNull();
    expect(acceptSuggestion(state, "word")).toBeNull();
  });

  it.each([
    ["th.join", "th"],
    ["  name)", "  name"],
    ["\n    return x", "\n    return"],
    ["(root)", "("],
    ["==> b", "==>"],
    ["été = 1", "été"],
    ["   ", "   "],
  ])("takes %j up to %j as its next word", (text, word) => {
    expect(nextWord(text)).toBe(word);
  });
});
