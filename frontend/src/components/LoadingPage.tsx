import { CenteredPage } from "./CenteredPage";

export function LoadingPage({ message }: { message: string }) {
  return (
    <CenteredPage>
      <p className="muted loading" role="status">
        {message}
      </p>
    </CenteredPage>
  );
}
