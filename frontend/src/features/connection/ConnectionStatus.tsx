import { useAppSelector } from "../../app/hooks";
import { connectionStatus, type ConnectionStatus as Status } from "./connectionSlice";

const LABELS: Record<Status, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

function describePending(pending: number, status: Status): string {
  if (pending > 0) return `${pending} ${pending === 1 ? "edit" : "edits"} not saved yet`;
  return status === "connected" ? "All changes saved" : "No unsaved edits";
}

/** Always on screen: whether edits reach the others, and how many are still waiting. */
export function ConnectionStatus() {
  const connection = useAppSelector((state) => state.connection);
  const status = connectionStatus(connection);
  const { pendingEdits, lastError } = connection;
  return (
    <div className="connection-status" data-status={status} data-pending={pendingEdits}>
      <span className="status-dot" aria-hidden="true" />
      {/* Announced when it changes; the edit count changes with every keystroke, so it is not. */}
      <span className="status-label" role="status">
        {LABELS[status]}
      </span>
      <span className="status-pending">{describePending(pendingEdits, status)}</span>
      {lastError && (
        <span className="status-error" title={lastError.code}>
          {lastError.message}
        </span>
      )}
    </div>
  );
}
