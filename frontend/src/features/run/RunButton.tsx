import { useCallback } from "react";

import { useAppDispatch, useAppSelector } from "../../app/hooks";
import { useIsConnected } from "../connection/useIsConnected";
import type { CollabSession } from "../editor/collabSession";
import { runRequested } from "./runSlice";
import { useRunShortcut } from "./useRunShortcut";

function PlayIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M4.5 3.2v9.6L12.5 8z" fill="currentColor" />
    </svg>
  );
}

function StopIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <rect x="4" y="4" width="8" height="8" rx="1" fill="currentColor" />
    </svg>
  );
}

/**
 * Runs the room's text for everyone; disabled while any run in the room goes on, when Stop
 * beside it ends that run for everyone.
 */
export function RunButton({ session }: { session: CollabSession }) {
  const dispatch = useAppDispatch();
  const connected = useIsConnected();
  const idle = useAppSelector((state) => state.run.status === "idle");
  const running = useAppSelector((state) => state.run.status === "running");
  const disabled = !connected || !idle;

  const run = useCallback(() => {
    if (!disabled && session.run()) dispatch(runRequested());
  }, [disabled, session, dispatch]);
  useRunShortcut(run);

  return (
    <>
      <button
        className="button button-small button-primary"
        type="button"
        disabled={disabled}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        title="Run for everyone (Ctrl+Enter)"
        onClick={run}
      >
        <PlayIcon />
        Run
      </button>
      {running && (
        <button
          className="button button-small"
          type="button"
          disabled={!connected}
          title="Stop the run for everyone"
          onClick={() => session.stopRun()}
        >
          <StopIcon />
          Stop
        </button>
      )}
    </>
  );
}
