import { useAppDispatch, useAppSelector } from "../../app/hooks";
import { historyClosed, historyOpened } from "./historySlice";

function ClockIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="5.8" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 4.8V8l2.2 1.6" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** Opens the History panel in place of the live editor, and closes it again. */
export function HistoryButton() {
  const dispatch = useAppDispatch();
  const open = useAppSelector((state) => state.history.open);
  return (
    <button
      className="button button-small"
      type="button"
      aria-label="History"
      aria-pressed={open}
      onClick={() => dispatch(open ? historyClosed() : historyOpened())}
    >
      <ClockIcon />
      <span className="history-button-label" aria-hidden="true">
        History
      </span>
    </button>
  );
}
