import { useId } from "react";

import { CheckIcon } from "../../components/CheckIcon";
import { useCopy } from "../../components/useCopy";

/**
 * One link to hand out: what it gives, the link itself and a Copy button. `shown` is what the
 * field displays when that must differ from what is copied (a secret kept off the screen).
 */
export function CopyField({
  label,
  hint,
  value,
  shown = value,
}: {
  label: string;
  hint: string;
  value: string;
  shown?: string;
}) {
  const { copied, copy } = useCopy(`Copy the ${label.toLowerCase()}:`);
  const fieldId = useId();
  const hintId = useId();

  return (
    <div className="copy-field">
      <label className="field-label" htmlFor={fieldId}>
        {label}
      </label>
      <p className="copy-field-hint" id={hintId}>
        {hint}
      </p>
      <div className="copy-field-row">
        <input
          className="input copy-field-value"
          id={fieldId}
          readOnly
          value={shown}
          aria-describedby={hintId}
          onFocus={(event) => {
            event.currentTarget.select();
          }}
        />
        <button
          className="button button-small"
          type="button"
          aria-label={`Copy the ${label.toLowerCase()}`}
          onClick={() => void copy(value)}
        >
          {copied && <CheckIcon />}
          <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
        </button>
      </div>
    </div>
  );
}
