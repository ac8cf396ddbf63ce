import { useId, useState, type KeyboardEvent } from "react";

import {
  describeApiError,
  hasHttpStatus,
  useGetNotesQuery,
  useSaveNotesMutation,
  type Notes,
} from "../../api/pairpadApi";
import { CloseButton } from "../../components/CloseButton";
import { formatTime } from "../history/formatTime";

const NOTES_MAX = 100_000;

function saveState(notes: Notes, unsaved: boolean, saving: boolean): string {
  if (saving) return "Saving…";
  if (unsaved) return "Unsaved changes";
  return notes.updatedAt ? `Saved ${formatTime(notes.updatedAt)}` : "Nothing saved yet";
}

/** The notes as last read from the server, edited here and saved with Save or Ctrl+S. */
function NotesEditor({
  roomId,
  initial,
  labelId,
  onConflict,
}: {
  roomId: string;
  initial: Notes;
  labelId: string;
  onConflict: () => void;
}) {
  const [text, setText] = useState(initial.text);
  const [saved, setSaved] = useState(initial);
  const [saveNotes, saving] = useSaveNotesMutation();
  const unsaved = text !== saved.text;

  async function save() {
    // With the version last read: notes saved meanwhile from another tab are not overwritten.
    const result = await saveNotes({ roomId, notes: { text, updatedAt: saved.updatedAt } });
    if (result.data) setSaved(result.data);
    else if (hasHttpStatus(result.error, 409)) onConflict();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "s" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    if (unsaved) void save();
  }

  return (
    <>
      <textarea
        className="notes-text"
        aria-labelledby={labelId}
        maxLength={NOTES_MAX}
        placeholder="What went well, what to ask next… (Markdown)"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      {saving.error && !hasHttpStatus(saving.error, 409) && (
        <p className="field-error" role="alert">
          {describeApiError(saving.error)}
        </p>
      )}
      <div className="notes-footer">
        <span className="notes-state" role="status">
          {saveState(saved, unsaved, saving.isLoading)}
        </span>
        <button
          className="button button-small button-primary"
          type="button"
          disabled={!unsaved || saving.isLoading}
          aria-keyshortcuts="Control+S Meta+S"
          onClick={() => void save()}
        >
          Save
        </button>
      </div>
    </>
  );
}

/** Beside the editor, the host's private notes: no one else can read them, through any route. */
export function NotesPanel({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const notes = useGetNotesQuery(roomId, { refetchOnMountOrArgChange: true });
  const [reloaded, setReloaded] = useState(false);
  const labelId = useId();

  return (
    <aside className="notes-panel" aria-labelledby={labelId}>
      <div className="notes-header">
        <h2 className="notes-title" id={labelId}>
          Private notes
        </h2>
        <CloseButton label="Close notes" onClick={onClose} />
      </div>
      <p className="notes-hint">Only you see these, never the people you share links with.</p>
      {reloaded && (
        <p className="notes-notice" role="alert">
          These notes were changed in another tab; they are shown as saved there, and your last
          change was not saved.
        </p>
      )}
      {notes.data ? (
        <NotesEditor
          key={notes.fulfilledTimeStamp}
          roomId={roomId}
          initial={notes.data}
          labelId={labelId}
          onConflict={() => {
            setReloaded(true);
            void notes.refetch();
          }}
        />
      ) : (
        <p className="muted" role={notes.error ? "alert" : "status"}>
          {notes.error ? describeApiError(notes.error) : "Loading the notes…"}
        </p>
      )}
    </aside>
  );
}
