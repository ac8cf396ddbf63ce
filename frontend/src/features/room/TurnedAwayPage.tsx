import { AppLink } from "../../components/AppLink";
import { CenteredPage } from "../../components/CenteredPage";

const REASONS = {
  removedByHost: {
    title: "The host removed you from this room",
    text: "You are no longer connected to it. If you think this was a mistake, ask the host.",
  },
  editLinkRotated: {
    title: "This link no longer works",
    text: "The host gave the room a new link. Ask the host for the new one.",
  },
};

/** Why the server closed this page's connection for good; nothing reconnects from here. */
export function TurnedAwayPage({ reason }: { reason: keyof typeof REASONS }) {
  const { title, text } = REASONS[reason];
  return (
    <CenteredPage>
      <div className="card stack" role="alert">
        <div>
          <h1 className="card-title">{title}</h1>
          <p className="muted">{text}</p>
        </div>
        <AppLink href="/" className="link">
          Back to the start page
        </AppLink>
      </div>
    </CenteredPage>
  );
}
