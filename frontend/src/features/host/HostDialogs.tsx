/** The host's two actions that cannot be undone, each asked for first. */
import { hostKeys } from "../../api/hostKeys";
import {
  describeApiError,
  useDeleteRoomMutation,
  useRotateEditLinkMutation,
} from "../../api/pairpadApi";
import { useAppDispatch } from "../../app/hooks";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { roomNotFound } from "../room/roomSlice";
import { moveToEditLink } from "./moveToEditLink";

interface HostDialogProps {
  roomId: string;
  onClose: () => void;
}

export function RotateEditLinkDialog({
  roomId,
  hostKey,
  onClose,
}: HostDialogProps & { hostKey: string }) {
  const [rotateEditLink, rotation] = useRotateEditLinkMutation();

  async function rotate() {
    const result = await rotateEditLink(roomId);
    if (result.data) moveToEditLink(roomId, result.data.roomId, hostKey);
  }

  return (
    <ConfirmDialog
      title="Give the room a new edit link?"
      confirmLabel={rotation.isLoading ? "Rotating…" : "Rotate edit link"}
      busy={rotation.isLoading}
      error={rotation.error ? describeApiError(rotation.error) : null}
      onConfirm={() => void rotate()}
      onCancel={onClose}
    >
      <p className="muted">
        The current edit link stops working at once, and everyone who came through it is sent away.
        This page moves to the new link; share it with whoever should go on editing. The view link
        stays the same.
      </p>
    </ConfirmDialog>
  );
}

export function DeleteRoomDialog({ roomId, onClose }: HostDialogProps) {
  const dispatch = useAppDispatch();
  const [deleteRoom, deletion] = useDeleteRoomMutation();

  async function remove() {
    const result = await deleteRoom(roomId);
    if (result.error) return;
    hostKeys.forget(roomId);
    // The server closes every socket in the room with 4404, this page's too; no need to wait.
    dispatch(roomNotFound());
  }

  return (
    <ConfirmDialog
      title="Delete this room?"
      confirmLabel={deletion.isLoading ? "Deleting…" : "Delete room"}
      busy={deletion.isLoading}
      error={deletion.error ? describeApiError(deletion.error) : null}
      onConfirm={() => void remove()}
      onCancel={onClose}
    >
      <p className="muted">
        The text, its whole history and your notes are deleted, and everyone in the room is sent
        away. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
