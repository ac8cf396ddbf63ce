/**
 * Whether the user may change the editor's text. A viewer never may, an editor not once the
 * interview has ended: then the editor is read-only (commands refuse) and not editable (no
 * caret, no typing, no input method), and turns back when the room reopens.
 */
import { Compartment, EditorState, type Extension, type StateEffect } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

const editingCompartment = new Compartment();

function editingRules(allowed: boolean): Extension {
  return [EditorView.editable.of(allowed), EditorState.readOnly.of(!allowed)];
}

/** The editor's starting rule, to be changed later with `editingChanged`. */
export function editing(allowed: boolean): Extension {
  return editingCompartment.of(editingRules(allowed));
}

export function editingChanged(allowed: boolean): StateEffect<unknown> {
  return editingCompartment.reconfigure(editingRules(allowed));
}
