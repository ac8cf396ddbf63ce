import { AppLink } from "../../components/AppLink";
import { Logo } from "../../components/Logo";
import { ViewOnlyBadge } from "../access/ViewOnlyBadge";
import { useCanEdit } from "../access/useAccess";
import type { CollabSession } from "../editor/collabSession";
import { HistoryButton } from "../history/HistoryButton";
import { HostMenu } from "../host/HostMenu";
import { ShareButton } from "../host/ShareDialog";
import { ParticipantList } from "../presence/ParticipantList";
import { RunButton } from "../run/RunButton";
import { CopyLinkButton } from "./CopyLinkButton";
import { LanguageSelect } from "./LanguageSelect";
import { RoomNameField } from "./RoomNameField";

/**
 * The room's name and tools. Whoever may not edit (a viewer, an editor once the interview has
 * ended) gets no Run, language or rename; the host (`hostKey` given) gets Share and the host menu.
 */
export function RoomHeader({
  roomId,
  session,
  hostKey,
  notesOpen,
  onNotesToggled,
}: {
  roomId: string;
  session: CollabSession;
  hostKey: string | null;
  notesOpen: boolean;
  onNotesToggled: () => void;
}) {
  const canEdit = useCanEdit();
  return (
    <header className="room-header">
      <div className="room-title">
        <AppLink href="/" className="brand" aria-label="PairPad home">
          <Logo />
        </AppLink>
        <RoomNameField
          editable={canEdit}
          onRename={(name) => {
            session.rename(name);
          }}
        />
        <ViewOnlyBadge />
      </div>
      <div className="room-tools">
        {canEdit && <RunButton session={session} />}
        {canEdit && (
          <LanguageSelect
            onChange={(language) => {
              session.changeLanguage(language);
            }}
          />
        )}
        <HistoryButton />
        {hostKey ? (
          <>
            <ShareButton roomId={roomId} hostKey={hostKey} />
            <HostMenu
              roomId={roomId}
              hostKey={hostKey}
              notesOpen={notesOpen}
              onNotesToggled={onNotesToggled}
            />
          </>
        ) : (
          <CopyLinkButton roomId={roomId} />
        )}
        <ParticipantList
          onRemove={
            hostKey
              ? (participant) => {
                  session.remove(participant.id);
                }
              : undefined
          }
        />
      </div>
    </header>
  );
}
