import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const backend = "http://127.0.0.1:8000";

// The dev server forwards the API to a running `pairpad serve`; the Host header is kept so the
// backend's same-origin WebSocket check accepts the proxied connection.
export default defineConfig({
  plugins: [react()],
  build: {
    // The room's chunk (CodeMirror with its language modes, ~180 kB gzipped) is one piece by
    // design: it loads only when a room is opened.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      "^/rooms(/|$)": backend,
      "/autocomplete": backend,
      "/execute": backend,
      "/ws": { target: backend, ws: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
