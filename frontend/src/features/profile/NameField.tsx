import { DISPLAY_NAME_MAX } from "./displayName";

interface NameFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  autoFocus?: boolean;
}

/** "Your name", as the other participants will see it. */
export function NameField({ value, onChange, error, autoFocus }: NameFieldProps) {
  return (
    <label className="field">
      <span className="field-label">Your name</span>
      <input
        className="input"
        name="displayName"
        autoComplete="nickname"
        placeholder="How others will see you"
        maxLength={DISPLAY_NAME_MAX}
        value={value}
        autoFocus={autoFocus}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}
