import { useState } from "react";

import { describeApiError, useRestoreVersionMutation } from "../../api/pairpadApi";
import { useAppDispatch } from "../../app/hooks";
import { historyClosed, playbackPaused } from "./historySlice";

/**
 * "Restore this version", asked twice: the restore becomes a new change for everyone, so the
 * panel closes on the live editor, where it arrives.
 */
export function RestoreButton({
  roomId,
  version,
  latest,
}: {
  roomId: string;
  version: number;
  latest: number;
}) {
  const dispatch = useAppDispatch();
  const [confirming, setConfirming] = useState(false);
  const [restoreVersion, restoring] = useRestoreVersionMutation();

  if (!confirming) {
    return (
      <button
        className="button button-small"
        type="button"
        disabled={version === latest}
        onClick={() => {
          dispatch(playbackPaused());
          setConfirming(true);
        }}
      >
        Restore this version
      </button>
    );
  }

  async function restore() {
    const result = await restoreVersion({ roomId, version });
    if ("data" in result) dispatch(historyClosed());
  }

  return (
    <div className="restore-confirm" role="group" aria-label="Confirm restore">
      <span>
        Make version {version} the text for everyone? The current text stays in the history.
      </span>
      <div className="restore-actions">
        <button
          className="button button-small button-primary"
          type="button"
          disabled={restoring.isLoading}
          onClick={() => void restore()}
        >
          Restore version {version}
        </button>
        <button
          className="button button-small"
          type="button"
          onClick={() => {
            setConfirming(false);
          }}
        >
          Cancel
        </button>
      </div>
      {restoring.error && (
        <p className="field-error" role="alert">
          {describeApiError(restoring.error)}
        </p>
      )}
    </div>
  );
}
