import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useEffect, useRef } from "react";

import type { CollabSession } from "./collabSession";
import { waitingExtensions } from "./editorExtensions";

/** The CodeMirror view, driven by a collaboration session for as long as it is on the page. */
export function CodeEditor({ session }: { session: CollabSession }) {
  const parent = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!parent.current) return;
    const view = new EditorView({
      parent: parent.current,
      state: EditorState.create({ extensions: waitingExtensions() }),
    });
    session.start(view);
    return () => {
      session.stop();
      view.destroy();
    };
  }, [session]);

  return <div className="code-editor" ref={parent} />;
}
