import { describeApiError, useCreateRoomMutation } from "../../api/pairpadApi";
import { navigate, roomPath } from "../../app/router";

/** Create a room and go to it; `error` says why it failed. */
export function useNewRoom() {
  const [createRoom, { isLoading, error }] = useCreateRoomMutation();

  async function start(): Promise<void> {
    try {
      const room = await createRoom({}).unwrap();
      navigate(roomPath(room.roomId));
    } catch (failure) {
      console.warn("Could not create a room", failure);
    }
  }

  return { start, isCreating: isLoading, error: error ? describeApiError(error) : null };
}
