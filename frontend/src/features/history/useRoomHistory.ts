import { useMemo } from "react";

import { useGetHistoryQuery, useGetVersionQuery, type ApiError } from "../../api/pairpadApi";
import { HistoryReplay } from "./replay";

export interface RoomHistory {
  replay: HistoryReplay | null;
  error: ApiError;
  retry: () => void;
}

/** The room's whole history as it is when the panel opens, ready to replay. */
export function useRoomHistory(roomId: string): RoomHistory {
  const updates = useGetHistoryQuery(roomId, { refetchOnMountOrArgChange: true });
  const original = useGetVersionQuery({ roomId, version: 0 }, { refetchOnMountOrArgChange: true });
  const replay = useMemo(
    () =>
      updates.data && original.data ? new HistoryReplay(original.data.code, updates.data) : null,
    [updates.data, original.data],
  );
  return {
    replay,
    error: updates.error ?? original.error,
    retry: () => {
      void updates.refetch();
      void original.refetch();
    },
  };
}
