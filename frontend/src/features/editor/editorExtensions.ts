/** The editor's setup for a room, everything except collaboration (which the session adds). */
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { EditorState, type Extension } from "@codemirror/state";
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";

import type { Language } from "../../api/protocol";
import type { AppDispatch } from "../../app/store";
import { ghostText } from "../autocomplete/ghostText";
import { remoteCursors } from "../presence/remoteCursors";
import { languageCompartment, languageSupport } from "./languages";
import { storableText } from "./storableText";
import { editorTheme, highlightStyle } from "./theme";

export function editorExtensions(language: Language, dispatch: AppDispatch): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    foldGutter(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    syntaxHighlighting(highlightStyle),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    ghostText(dispatch),
    remoteCursors(),
    storableText,
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...foldKeymap,
      indentWithTab,
    ]),
    languageCompartment.of(languageSupport(language)),
    editorTheme,
    EditorView.contentAttributes.of({ "aria-label": "Code editor" }),
  ];
}

/** What the editor shows until the room's text arrives: nothing, and not editable. */
export function waitingExtensions(): Extension {
  return [EditorView.editable.of(false), EditorState.readOnly.of(true), editorTheme];
}
