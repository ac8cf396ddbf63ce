import { useEffect } from "react";

import { describeApiError, isNotFound, useGetRoomQuery } from "../../api/pairpadApi";
import { useAppDispatch, useAppSelector } from "../../app/hooks";
import { CenteredPage } from "../../components/CenteredPage";
import { LoadingPage } from "../../components/LoadingPage";
import { useFollowNewEditLink } from "../host/useFollowNewEditLink";
import { useHostKey } from "../host/useHostKey";
import { useDisplayName } from "../profile/displayName";
import { NamePrompt } from "../profile/NamePrompt";
import { roomLeft } from "./roomSlice";
import { RoomNotFound } from "./RoomNotFound";
import { RoomWorkspace } from "./RoomWorkspace";
import { TurnedAwayPage } from "./TurnedAwayPage";

/**
 * `/room/<id>`: checks the room exists and a name is known, then opens the editor; says so when
 * the room is gone or the server turned this page away for good.
 */
export function RoomPage({ roomId }: { roomId: string }) {
  const dispatch = useAppDispatch();
  const [name, rememberName] = useDisplayName();
  const room = useGetRoomQuery(roomId, { refetchOnMountOrArgChange: true });
  const hostKey = useHostKey(roomId, room);
  const status = useAppSelector((state) => state.room.status);
  const rotated = status === "editLinkRotated";
  const followFailed = useFollowNewEditLink(
    roomId,
    hostKey,
    rotated ? (room.data?.viewId ?? null) : null,
  );

  useEffect(
    () => () => {
      dispatch(roomLeft());
    },
    [dispatch, roomId],
  );

  if (status === "notFound" || isNotFound(room.error)) return <RoomNotFound roomId={roomId} />;
  if (rotated && hostKey && !followFailed) {
    return <LoadingPage message="Moving to the room’s new link…" />;
  }
  if (status === "removedByHost" || rotated) return <TurnedAwayPage reason={status} />;
  if (room.error) {
    return (
      <CenteredPage>
        <div className="card stack" role="alert">
          <h1 className="card-title">The room could not be opened</h1>
          <p className="muted">{describeApiError(room.error)}</p>
          <button
            className="button button-primary"
            type="button"
            onClick={() => void room.refetch()}
          >
            Try again
          </button>
        </div>
      </CenteredPage>
    );
  }
  if (!room.data) return <LoadingPage message="Opening the room…" />;
  if (!name) return <NamePrompt roomName={room.data.name} onName={rememberName} />;
  return <RoomWorkspace roomId={roomId} name={name} hostKey={hostKey} />;
}
