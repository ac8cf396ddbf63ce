import { hostKeys } from "../../api/hostKeys";
import { describeApiError, useCreateRoomMutation } from "../../api/pairpadApi";
import { navigate, roomPath } from "../../app/router";

/** Create a room, keep its host key (shown only now) and go to it; `error` says why it failed. */
export function useNewRoom() {
  const [createRoom, { isLoading, error }] = useCreateRoomMutation();

  async function start(): Promise<void> {
    try {
      const room = await createRoom({}).unwrap();
      hostKeys.remember(room.roomId, room.hostKey);
      navigate(roomPath(room.roomId));
    } catch (failure) {
      console.warn("Could not create a room", failure);
    }
  }

  return { start, isCreating: isLoading, error: error ? describeApiError(error) : null };
}
