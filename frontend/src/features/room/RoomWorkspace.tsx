import { useEffect, useState } from "react";

import { useAppSelector, useAppStore } from "../../app/hooks";
import { CodeEditor } from "../editor/CodeEditor";
import { CollabSession } from "../editor/collabSession";
import { editorExtensions } from "../editor/editorExtensions";
import { RoomHeader } from "./RoomHeader";
import { StatusBar } from "./StatusBar";

/** The room as people use it: header, shared editor, status bar. */
export function RoomWorkspace({ roomId, name }: { roomId: string; name: string }) {
  const store = useAppStore();
  const [session] = useState(
    () =>
      new CollabSession({
        roomId,
        name,
        store,
        extensions: (language) => editorExtensions(language, store.dispatch),
      }),
  );
  const joined = useAppSelector((state) => state.room.status === "joined");
  const roomName = useAppSelector((state) => state.room.name);

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
        <CodeEditor session={session} />
        {!joined && <div className="editor-overlay">Connecting to the room…</div>}
      </main>
      <StatusBar />
    </div>
  );
}
