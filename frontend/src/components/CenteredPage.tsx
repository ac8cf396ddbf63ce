import type { ReactNode } from "react";

import { AppLink } from "./AppLink";
import { Logo } from "./Logo";

/** A page with the brand on top and one card in the middle: home, prompts, errors. */
export function CenteredPage({ children }: { children: ReactNode }) {
  return (
    <div className="centered-page">
      <AppLink href="/" className="brand brand-large" aria-label="PairPad home">
        <Logo />
      </AppLink>
      <main className="centered-main">{children}</main>
    </div>
  );
}
