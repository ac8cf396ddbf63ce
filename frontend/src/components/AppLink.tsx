import type { AnchorHTMLAttributes, MouseEvent } from "react";

import { navigate } from "../app/router";

/** A link inside the app: navigates without reloading, unless opened in a new tab. */
export function AppLink(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  function follow(event: MouseEvent<HTMLAnchorElement>) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    navigate(props.href);
  }
  return <a {...props} onClick={follow} />;
}
