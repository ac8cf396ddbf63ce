import { syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";

import type { Language } from "../../api/protocol";
import { languageSupport } from "../editor/languages";
import { editorTheme, highlightStyle } from "../editor/theme";
import { authorMarks } from "./authorMarks";
import type { Author, VersionView } from "./replay";

const authorship = new Compartment();

function viewerExtensions(language: Language) {
  return [
    EditorView.editable.of(false),
    EditorState.readOnly.of(true),
    lineNumbers(),
    syntaxHighlighting(highlightStyle),
    languageSupport(language),
    editorTheme,
    authorship.of([]),
    EditorView.contentAttributes.of({ "aria-label": "Code at the selected version" }),
  ];
}

/** A second, read-only editor showing one version, each author's text in their color. */
export function HistoryViewer({
  shown,
  authors,
  language,
}: {
  shown: VersionView;
  authors: readonly Author[];
  language: Language;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorView | null>(null);

  useEffect(() => {
    if (!parent.current) return;
    const view = new EditorView({
      parent: parent.current,
      state: EditorState.create({ extensions: viewerExtensions(language) }),
    });
    editor.current = view;
    return () => {
      view.destroy();
      editor.current = null;
    };
  }, [language]);

  // `language` is listed so that a view created anew is filled again.
  useEffect(() => {
    const view = editor.current;
    if (!view) return;
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: shown.doc },
      effects: authorship.reconfigure(
        EditorView.decorations.of(authorMarks(shown.segments, authors)),
      ),
    });
  }, [shown, authors, language]);

  return <div className="history-viewer" ref={parent} />;
}
