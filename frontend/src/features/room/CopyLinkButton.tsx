import { useEffect, useState } from "react";

import { roomPath } from "../../app/router";

const CONFIRMATION_MS = 2000;

/** Copy the room's link; where the clipboard is not available (plain http), show it instead. */
async function copyLink(link: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(link);
    return true;
  } catch (error) {
    console.warn("Clipboard unavailable; showing the link instead", error);
    window.prompt("Copy this link to invite people:", link);
    return false;
  }
}

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

function CheckIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d="M3 8.5l3.2 3L13 4.5"
        fill="none"
        stroke="var(--success)"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** "Copy link": on a phone just the icon, which turns into a check mark once copied. */
export function CopyLinkButton({ roomId }: { roomId: string }) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => {
      setCopied(false);
    }, CONFIRMATION_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [copied]);

  async function copy() {
    setCopied(await copyLink(`${window.location.origin}${roomPath(roomId)}`));
  }

  return (
    <button
      className="button button-small"
      type="button"
      aria-label="Copy link"
      onClick={() => void copy()}
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
