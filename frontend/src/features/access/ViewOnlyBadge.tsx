import { useAppSelector } from "../../app/hooks";

function EyeIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8s-2.4 4.5-6.5 4.5S1.5 8 1.5 8z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
      />
      <circle cx="8" cy="8" r="2" fill="currentColor" />
    </svg>
  );
}

/** Tells a viewer, always in sight, that nothing they do changes the room. */
export function ViewOnlyBadge() {
  const viewer = useAppSelector((state) => state.access.role === "viewer");
  if (!viewer) return null;
  return (
    <span
      className="view-only-badge"
      title="You came through the view link: you can watch, not edit"
    >
      <EyeIcon />
      View only
    </span>
  );
}
