import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { storableText } from "./storableText";

function typed(doc: string, insert: string, at = doc.length): EditorState {
  const state = EditorState.create({ doc, extensions: storableText });
  return state.update({ changes: { from: at, insert }, selection: { anchor: at + insert.length } })
    .state;
}

describe("storable text", () => {
  it("turns a pasted NUL into the replacement character, cursor unmoved", () => {
    const state = typed("ab", "x\u0000y\u0000", 1);
    expect(state.doc.toString()).toBe("ax\uFFFDy\uFFFDb");
    expect(state.selection.main.head).toBe(5);
  });

  it("leaves other text alone", () => {
    expect(typed("ab", "c\td").doc.toString()).toBe("abc\td");
  });
});
