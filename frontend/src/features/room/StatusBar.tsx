import { useAppSelector } from "../../app/hooks";
import { SuggestionHint } from "../autocomplete/SuggestionHint";
import { ConnectionStatus } from "../connection/ConnectionStatus";
import { LANGUAGE_LABELS } from "../editor/languages";

export function StatusBar() {
  const language = useAppSelector((state) => state.room.language);
  return (
    <footer className="status-bar">
      <ConnectionStatus />
      <div className="status-bar-end">
        <SuggestionHint />
        <span className="status-language">{LANGUAGE_LABELS[language]}</span>
      </div>
    </footer>
  );
}
