import { roomPath } from "../../app/router";
import { CheckIcon } from "../../components/CheckIcon";
import { useCopy } from "../../components/useCopy";

function LinkIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d="M6.5 9.5a3 3 0 0 0 4.2 0l2.3-2.3a3 3 0 0 0-4.2-4.2l-.8.8M9.5 6.5a3 3 0 0 0-4.2 0L3 8.8A3 3 0 0 0 7.2 13l.8-.8"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
      />
    </svg>
  );
}

/** "Copy link": on a phone just the icon, which turns into a check mark once copied. */
export function CopyLinkButton({ roomId }: { roomId: string }) {
  const { copied, copy } = useCopy("Copy this link to invite people:");

  return (
    <button
      className="button button-small"
      type="button"
      aria-label="Copy link"
      onClick={() => void copy(`${window.location.origin}${roomPath(roomId)}`)}
    >
      {copied ? <CheckIcon /> : <LinkIcon />}
      <span className="copy-link-label" aria-hidden="true">
        {copied ? "Copied" : "Copy link"}
      </span>
      <span className="visually-hidden" aria-live="polite">
        {copied ? "Link copied" : ""}
      </span>
    </button>
  );
}
