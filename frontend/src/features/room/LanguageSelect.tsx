import { LANGUAGES, type Language } from "../../api/protocol";
import { useAppSelector } from "../../app/hooks";
import { useIsConnected } from "../connection/useIsConnected";
import { LANGUAGE_LABELS } from "../editor/languages";
import { useRunnableLanguages } from "../run/capabilitiesApi";

/** What the menu says of a language this server cannot run: it can still be edited. */
export const CANNOT_RUN = "can't run here";

/**
 * The room's language; a change applies for everyone once the server has stored it. Languages
 * the server cannot run (`GET /execute/capabilities`) say so; plain text is never run.
 */
export function LanguageSelect({ onChange }: { onChange: (language: Language) => void }) {
  const language = useAppSelector((state) => state.room.language);
  const connected = useIsConnected();
  const runnable = useRunnableLanguages();
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
          {runnable && option !== "plaintext" && !runnable.has(option)
            ? `${LANGUAGE_LABELS[option]} (${CANNOT_RUN})`
            : LANGUAGE_LABELS[option]}
        </option>
      ))}
    </select>
  );
}
