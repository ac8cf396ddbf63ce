import { useEffect, useState } from "react";

const CONFIRMATION_MS = 2000;

/** Copy `text`; where the clipboard is not available (plain http), show it to copy by hand. */
async function copyText(text: string, prompt: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    console.warn("Clipboard unavailable; showing the text instead", error);
    window.prompt(prompt, text);
    return false;
  }
}

/**
 * Copying with a confirmation: `copied` is true for two seconds after `copy` put the text on
 * the clipboard. `prompt` is what the fallback dialog asks.
 */
export function useCopy(prompt: string) {
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

  async function copy(text: string): Promise<void> {
    setCopied(await copyText(text, prompt));
  }

  return { copied, copy };
}
