import { useEffect, useState } from "react";

import { useAppSelector, useAppStore } from "../../app/hooks";
import { CodeEditor } from "../editor/CodeEditor";
import { CollabSession } from "../editor/collabSession";
import { editorExtensions } from "../editor/editorExtensions";
import { HistoryPanel } from "../history/HistoryPanel";
import { RunPanel } from "../run/RunPanel";
import { RoomHeader } from "./RoomHeader";
import { StatusBar } from "./StatusBar";

/** The room as people use it: header, shared editor (or its history), run output, status bar. */
export function RoomWorkspace({ roomId, name }: { roomId: string; name: string }) {
  const store = useAppStore();
  const [session] = useState(
    () =>
      new CollabSession({
        roomId,
        name,
        dispatch: store.dispatch,
        others: () => store.getState().presence.others,
        extensions: (language) => editorExtensions(language, store.dispatch),
      }),
  );
  const joined = useAppSelector((state) => state.room.status === "joined");
  const roomName = useAppSelector((state) => state.room.name);
  const historyOpen = useAppSelector((state) => state.history.open);

  useEffect(() => {
    document.title = roomName ? `${roomName} · PairPad` : "PairPad";
    return () => {
      document.title = "PairPad";
    };
  }, [roomName]);

  return (
    <div className="workspace">
      <RoomHeader roomId={roomId} session={session} />
      <main className="editor-area">
        {/* Stays connected while the history is shown, but out of reach of keys and clicks. */}
        <div className="live-editor" inert={historyOpen}>
          <CodeEditor session={session} />
        </div>
        {!joined && <div className="editor-overlay">Connecting to the room…</div>}
        {historyOpen && <HistoryPanel roomId={roomId} />}
      </main>
      <RunPanel />
      <StatusBar />
    </div>
  );
}
