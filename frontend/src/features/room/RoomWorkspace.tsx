import { useEffect, useState } from "react";

import { useAppSelector, useAppStore } from "../../app/hooks";
import { useIsHost } from "../access/useAccess";
import { CodeEditor } from "../editor/CodeEditor";
import { CollabSession } from "../editor/collabSession";
import { editorExtensions } from "../editor/editorExtensions";
import { HistoryPanel } from "../history/HistoryPanel";
import { NotesPanel } from "../host/NotesPanel";
import { RunInput } from "../run/RunInput";
import { RunPanel } from "../run/RunPanel";
import { InterviewEndedBanner } from "./InterviewEndedBanner";
import { RoomHeader } from "./RoomHeader";
import { StatusBar } from "./StatusBar";

/**
 * The room as people use it: header, shared editor (or its history) with the host's notes
 * beside it, run output, status bar. `hostKey`: this browser holds the room's host key.
 */
export function RoomWorkspace({
  roomId,
  name,
  hostKey,
}: {
  roomId: string;
  name: string;
  hostKey: string | null;
}) {
  const store = useAppStore();
  const [session] = useState(
    () =>
      new CollabSession({
        roomId,
        name,
        hostKey,
        dispatch: store.dispatch,
        others: () => store.getState().presence.others,
        extensions: (language) => editorExtensions(language, store.dispatch),
      }),
  );
  const joined = useAppSelector((state) => state.room.status === "joined");
  const roomName = useAppSelector((state) => state.room.name);
  const historyOpen = useAppSelector((state) => state.history.open);
  const isHost = useIsHost();
  const [notesOpen, setNotesOpen] = useState(false);

  useEffect(() => {
    document.title = roomName ? `${roomName} · PairPad` : "PairPad";
    return () => {
      document.title = "PairPad";
    };
  }, [roomName]);

  return (
    <div className="workspace">
      <RoomHeader
        roomId={roomId}
        session={session}
        hostKey={isHost ? hostKey : null}
        notesOpen={notesOpen}
        onNotesToggled={() => {
          setNotesOpen(!notesOpen);
        }}
      />
      <InterviewEndedBanner roomId={roomId} />
      <div className="workspace-body">
        <main className="editor-area">
          {/* Stays connected while the history is shown, but out of reach of keys and clicks. */}
          <div className="live-editor" inert={historyOpen}>
            <CodeEditor session={session} />
          </div>
          {!joined && <div className="editor-overlay">Connecting to the room…</div>}
          {historyOpen && <HistoryPanel roomId={roomId} />}
        </main>
        {isHost && notesOpen && (
          <NotesPanel
            roomId={roomId}
            onClose={() => {
              setNotesOpen(false);
            }}
          />
        )}
      </div>
      <RunInput session={session} />
      <RunPanel />
      <StatusBar />
    </div>
  );
}
