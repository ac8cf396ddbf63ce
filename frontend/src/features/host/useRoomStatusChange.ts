import { describeApiError, useChangeRoomStatusMutation } from "../../api/pairpadApi";
import type { RoomStatus } from "../../api/protocol";
import { useAppDispatch } from "../../app/hooks";
import { serverErrorReceived } from "../connection/connectionSlice";

/**
 * End the interview or reopen it. The page changes when the server broadcasts the new status,
 * as everyone's does; a refusal shows in the status bar.
 */
export function useRoomStatusChange(roomId: string) {
  const dispatch = useAppDispatch();
  const [changeRoomStatus, { isLoading }] = useChangeRoomStatusMutation();

  async function change(status: RoomStatus): Promise<void> {
    const result = await changeRoomStatus({ roomId, status });
    if (result.error) {
      const message = describeApiError(result.error);
      console.warn(`Room ${roomId}: could not change the status to ${status}: ${message}`);
      dispatch(serverErrorReceived({ code: "status_not_changed", message }));
    }
  }

  return { change, isChanging: isLoading };
}
