import { useMemo } from "react";

import { describeApiError } from "../../api/pairpadApi";
import { useAppDispatch, useAppSelector } from "../../app/hooks";
import { useCanEdit } from "../access/useAccess";
import { AuthorLegend } from "./AuthorLegend";
import { formatTime } from "./formatTime";
import { historyClosed } from "./historySlice";
import { HistoryViewer } from "./HistoryViewer";
import { LoadEarlierButton } from "./LoadEarlierButton";
import { PlaybackControls } from "./PlaybackControls";
import type { HistoryReplay } from "./replay";
import { RestoreButton } from "./RestoreButton";
import { Timeline } from "./Timeline";
import { useRoomHistory, type EarlierHistory } from "./useRoomHistory";

function CloseButton() {
  const dispatch = useAppDispatch();
  return (
    <button className="button button-small" type="button" onClick={() => dispatch(historyClosed())}>
      Back to live editing
    </button>
  );
}

function VersionCaption({ replay, version }: { replay: HistoryReplay; version: number }) {
  const author = replay.author(version);
  const createdAt = replay.entry(version)?.createdAt;
  if (!author) {
    return (
      <span className="version-caption">
        {version === 0
          ? "Version 0 · the original text"
          : `Version ${version} of ${replay.latest} · the earliest loaded`}
      </span>
    );
  }
  return (
    <span className="version-caption">
      Version {version} of {replay.latest} ·{" "}
      <span className="version-author" style={{ color: author.color }}>
        {author.name}
      </span>
      {createdAt && ` · ${formatTime(createdAt)}`}
    </span>
  );
}

function HistoryBrowser({
  roomId,
  replay,
  earlier,
}: {
  roomId: string;
  replay: HistoryReplay;
  earlier: EarlierHistory | null;
}) {
  const chosen = useAppSelector((state) => state.history.version);
  const language = useAppSelector((state) => state.room.language);
  // Restoring changes the text: not for a viewer, nor an editor once the interview has ended.
  const canRestore = useCanEdit();
  const version = Math.max(replay.base, Math.min(chosen ?? replay.latest, replay.latest));
  const shown = useMemo(() => replay.at(version), [replay, version]);

  return (
    <>
      <div className="history-toolbar">
        <PlaybackControls replay={replay} version={version} />
        {earlier && <LoadEarlierButton earlier={earlier} />}
        <Timeline replay={replay} version={version} />
        <CloseButton />
      </div>
      <div className="history-details">
        <VersionCaption replay={replay} version={version} />
        <AuthorLegend authors={replay.authors} base={replay.base} />
        {canRestore && (
          <RestoreButton key={version} roomId={roomId} version={version} latest={replay.latest} />
        )}
      </div>
      <HistoryViewer shown={shown} authors={replay.authors} language={language} />
    </>
  );
}

/** In place of the live editor: the room's versions, replayable and restorable. */
export function HistoryPanel({ roomId }: { roomId: string }) {
  const { replay, error, retry, earlier } = useRoomHistory(roomId);
  return (
    <section className="history-panel" aria-label="History">
      {replay ? (
        <HistoryBrowser roomId={roomId} replay={replay} earlier={earlier} />
      ) : (
        <div className="history-message">
          {error ? (
            <>
              <p className="muted" role="alert">
                {describeApiError(error)}
              </p>
              <button className="button button-small" type="button" onClick={retry}>
                Try again
              </button>
            </>
          ) : (
            <p className="muted">Loading the history…</p>
          )}
          <CloseButton />
        </div>
      )}
    </section>
  );
}
