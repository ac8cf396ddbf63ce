import { LANGUAGES, type Language } from "../../api/protocol";
import { useAppSelector } from "../../app/hooks";
import { useIsConnected } from "../connection/useIsConnected";
import { LANGUAGE_LABELS } from "../editor/languages";

/** The room's language; a change applies for everyone once the server has stored it. */
export function LanguageSelect({ onChange }: { onChange: (language: Language) => void }) {
  const language = useAppSelector((state) => state.room.language);
  const connected = useIsConnected();
  return (
    <select
      className="select"
      aria-label="Language"
      value={language}
      disabled={!connected}
      onChange={(event) => {
        onChange(event.target.value as Language);
      }}
    >
      {LANGUAGES.map((option) => (
        <option key={option} value={option}>
          {LANGUAGE_LABELS[option]}
        </option>
      ))}
    </select>
  );
}
