import type { CSSProperties } from "react";

import type { Author } from "./replay";

/** Who wrote what: each author's color, as their text is highlighted. */
export function AuthorLegend({ authors }: { authors: readonly Author[] }) {
  if (!authors.length) return null;
  return (
    <ul className="author-legend" aria-label="Authors">
      {authors.map((author) => (
        <li
          key={`${author.name}\n${author.color}`}
          className="author-legend-item"
          style={{ "--author-color": author.color } as CSSProperties}
        >
          <span className="author-swatch" aria-hidden="true" />
          {author.name}
        </li>
      ))}
    </ul>
  );
}
