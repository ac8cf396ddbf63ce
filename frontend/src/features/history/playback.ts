/** How long a replay shows each version: the real pause between edits, sped up. */
import type { HistoryEntry } from "../../api/pairpadApi";
import type { PlaybackSpeed } from "./historySlice";

/** Long breaks are cut to this, so a replay never stalls on a coffee break. */
const LONGEST_PAUSE_MS = 1000;
/** No faster than one version per frame. */
const SHORTEST_STEP_MS = 16;

/** The wait before moving from the version `from` made to the version `to` made, at `speed`. */
export function stepDelay(
  from: HistoryEntry | null,
  to: HistoryEntry | null,
  speed: PlaybackSpeed,
): number {
  const gap =
    from?.createdAt && to?.createdAt
      ? Date.parse(to.createdAt) - Date.parse(from.createdAt)
      : LONGEST_PAUSE_MS;
  const pause = Number.isFinite(gap) ? Math.min(Math.max(gap, 0), LONGEST_PAUSE_MS) : 0;
  return Math.max(SHORTEST_STEP_MS, pause / speed);
}
