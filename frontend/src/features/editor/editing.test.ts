import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { describe, expect, it } from "vitest";

import { editing, editingChanged } from "./editing";

describe("editing", () => {
  it("makes the editor read-only and not editable, and back", () => {
    const start = EditorState.create({ doc: "abc", extensions: editing(false) });
    expect(start.readOnly).toBe(true);
    expect(start.facet(EditorView.editable)).toBe(false);

    const reopened = start.update({ effects: editingChanged(true) }).state;
    expect(reopened.readOnly).toBe(false);
    expect(reopened.facet(EditorView.editable)).toBe(true);
    expect(reopened.doc.toString()).toBe("abc");
  });
});
