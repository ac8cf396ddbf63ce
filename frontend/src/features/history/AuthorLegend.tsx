import type { CSSProperties } from "react";

import type { Author } from "./replay";

/**
 * Who wrote what: each author's color, as their text is highlighted. When the replay starts
 * after version 0, unmarked text is from before its base version, whose authors are not loaded.
 */
export function AuthorLegend({ authors, base }: { authors: readonly Author[]; base: number }) {
  if (!authors.length && base === 0) return null;
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
      {base > 0 && (
        <li className="author-legend-item author-legend-earlier">
          <span className="author-swatch" aria-hidden="true" />
          Before version {base}
        </li>
      )}
    </ul>
  );
}
