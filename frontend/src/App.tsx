import { lazy, Suspense } from "react";

import { useRoute } from "./app/router";
import { LoadingPage } from "./components/LoadingPage";
import { HomePage } from "./features/home/HomePage";

// The editor (CodeMirror and its language modes) loads only when a room is opened.
const RoomPage = lazy(() =>
  import("./features/room/RoomPage").then((module) => ({ default: module.RoomPage })),
);

export function App() {
  const route = useRoute();
  if (route.page === "home") return <HomePage />;
  return (
    <Suspense fallback={<LoadingPage message="Opening the room…" />}>
      <RoomPage key={route.roomId} roomId={route.roomId} />
    </Suspense>
  );
}
