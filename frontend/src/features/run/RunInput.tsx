import { useAppDispatch, useAppSelector } from "../../app/hooks";
import { useCanEdit } from "../access/useAccess";
import { useIsConnected } from "../connection/useIsConnected";
import type { CollabSession } from "../editor/collabSession";
import { stdinEdited } from "./runSlice";

/** The room's input box: what runs read as stdin, the same for everyone in the room. */
export function RunInput({ session }: { session: CollabSession }) {
  const dispatch = useAppDispatch();
  const stdin = useAppSelector((state) => state.run.stdin);
  const canEdit = useCanEdit();
  const connected = useIsConnected();

  return (
    <section className="run-input" aria-label="Program input">
      <label className="run-input-label" htmlFor="run-input-box">
        Input (stdin)
      </label>
      <textarea
        id="run-input-box"
        className="run-input-box"
        rows={2}
        spellCheck={false}
        placeholder={canEdit ? "What the program reads, shared with everyone" : ""}
        value={stdin}
        readOnly={!canEdit}
        disabled={!connected}
        onChange={(event) => {
          // The server refuses NUL in text; the editor turns it into U+FFFD the same way.
          const typed = event.target.value.replaceAll("\u0000", "\uFFFD");
          if (session.shareStdin(typed)) dispatch(stdinEdited(typed));
        }}
      />
    </section>
  );
}
