import { useMemo } from "react";

import {
  useGetHistoryInfiniteQuery,
  type ApiError,
  type HistoryWindow,
} from "../../api/pairpadApi";
import { HistoryReplay } from "./replay";

/** The history before the loaded windows, a window more at each `load`. */
export interface EarlierHistory {
  load: () => void;
  loading: boolean;
  error: ApiError;
}

export interface RoomHistory {
  replay: HistoryReplay | null;
  error: ApiError;
  retry: () => void;
  /** Null once the replay starts at version 0. */
  earlier: EarlierHistory | null;
}

/** One replay over the windows loaded so far (newest first), from the oldest one's text. */
function replayOf(windows: readonly HistoryWindow[]): HistoryReplay | null {
  const oldest = windows.at(-1);
  if (!oldest) return null;
  const updates = [...windows].reverse().flatMap((loaded) => loaded.updates);
  return new HistoryReplay(oldest.text, updates, oldest.base);
}

/** The room's recent history as it is when the panel opens, ready to replay. */
export function useRoomHistory(roomId: string): RoomHistory {
  const history = useGetHistoryInfiniteQuery(roomId, { refetchOnMountOrArgChange: true });
  const windows = history.data?.pages;
  const replay = useMemo(() => (windows ? replayOf(windows) : null), [windows]);
  return {
    replay,
    error: history.error,
    retry: () => void history.refetch(),
    earlier: history.hasNextPage
      ? {
          load: () => void history.fetchNextPage(),
          loading: history.isFetchingNextPage,
          error: history.isFetchNextPageError ? history.error : undefined,
        }
      : null,
  };
}
