import { useEffect } from "react";

/**
 * Ctrl+Enter (Cmd+Enter on a Mac) calls `run` wherever the focus is. It listens in the capture
 * phase so it comes before the editor, whose own Mod-Enter would insert a blank line.
 */
export function useRunShortcut(run: () => void): void {
  useEffect(() => {
    const pressed = (event: KeyboardEvent) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      event.stopPropagation();
      run();
    };
    window.addEventListener("keydown", pressed, { capture: true });
    return () => {
      window.removeEventListener("keydown", pressed, { capture: true });
    };
  }, [run]);
}
