import { useAppSelector } from "../../app/hooks";

/** A quiet line in the status bar about completion: how to take a suggestion, or why none come. */
export function SuggestionHint() {
  const { status, error } = useAppSelector((state) => state.autocomplete);
  if (status === "shown") {
    const wordKey = /Mac|iPhone|iPad/.test(navigator.userAgent) ? "⌥→" : "Ctrl+→";
    return (
      <span className="suggestion-hint" data-state="shown">
        <kbd>Tab</kbd> accept · <kbd>{wordKey}</kbd> word · <kbd>Esc</kbd> dismiss
      </span>
    );
  }
  if (status === "waiting") {
    return (
      <span className="suggestion-hint" data-state="waiting">
        Suggesting…
      </span>
    );
  }
  if (error) {
    return (
      <span className="suggestion-hint" data-state="error" title={error}>
        Suggestions unavailable
      </span>
    );
  }
  return null;
}
