import { describeApiError } from "../../api/pairpadApi";
import type { EarlierHistory } from "./useRoomHistory";

/** Extends the replay back by another window of history; the version shown stays the same. */
export function LoadEarlierButton({ earlier }: { earlier: EarlierHistory }) {
  return (
    <>
      <button
        className="button button-small"
        type="button"
        disabled={earlier.loading}
        onClick={earlier.load}
      >
        Load earlier
      </button>
      {earlier.error && (
        <span className="field-error" role="alert">
          {describeApiError(earlier.error)}
        </span>
      )}
    </>
  );
}
