import { AppLink } from "../../components/AppLink";
import { Logo } from "../../components/Logo";
import type { CollabSession } from "../editor/collabSession";
import { HistoryButton } from "../history/HistoryButton";
import { ParticipantList } from "../presence/ParticipantList";
import { RunButton } from "../run/RunButton";
import { CopyLinkButton } from "./CopyLinkButton";
import { LanguageSelect } from "./LanguageSelect";
import { RoomNameField } from "./RoomNameField";

export function RoomHeader({ roomId, session }: { roomId: string; session: CollabSession }) {
  return (
    <header className="room-header">
      <div className="room-title">
        <AppLink href="/" className="brand" aria-label="PairPad home">
          <Logo />
        </AppLink>
        <RoomNameField
          onRename={(name) => {
            session.rename(name);
          }}
        />
      </div>
      <div className="room-tools">
        <RunButton session={session} />
        <LanguageSelect
          onChange={(language) => {
            session.changeLanguage(language);
          }}
        />
        <HistoryButton />
        <CopyLinkButton roomId={roomId} />
        <ParticipantList />
      </div>
    </header>
  );
}
