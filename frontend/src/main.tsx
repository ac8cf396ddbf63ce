import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Provider } from "react-redux";

import { hostKeys } from "./api/hostKeys";
import { App } from "./App";
import { makeStore } from "./app/store";
import { watchHostLinks } from "./features/host/hostLink";
import "./styles/theme.css";
import "./styles/app.css";
import "./styles/roles.css";

// Before anything asks the server: the first request about the room already goes as its host.
watchHostLinks(hostKeys);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <Provider store={makeStore()}>
      <App />
    </Provider>
  </StrictMode>,
);
