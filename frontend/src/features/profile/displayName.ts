/** The display name others see, asked for once and remembered in this browser. */
import { useCallback, useState } from "react";

const STORAGE_KEY = "pairpad.displayName";
export const DISPLAY_NAME_MAX = 100;

/** The name as the server will show it: single spaces, no edges, at most 100 characters. */
export function cleanDisplayName(raw: string): string {
  return raw.replace(/\s+/g, " ").trim().slice(0, DISPLAY_NAME_MAX);
}

function loadDisplayName(): string {
  try {
    return cleanDisplayName(localStorage.getItem(STORAGE_KEY) ?? "");
  } catch {
    return "";
  }
}

export function useDisplayName(): [string, (name: string) => void] {
  const [name, setName] = useState(loadDisplayName);
  const remember = useCallback((raw: string) => {
    const cleaned = cleanDisplayName(raw);
    try {
      localStorage.setItem(STORAGE_KEY, cleaned);
    } catch (error) {
      console.warn("Could not remember the display name", error);
    }
    setName(cleaned);
  }, []);
  return [name, remember];
}
