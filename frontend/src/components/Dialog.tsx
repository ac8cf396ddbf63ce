import { useEffect, useId, useRef, type MouseEvent, type ReactNode } from "react";

import { CloseButton } from "./CloseButton";

/**
 * A modal dialog on the browser's own `<dialog>`: it keeps focus inside, and Escape, the close
 * button or a click beside it closes it. It is open for as long as it is rendered.
 */
export function Dialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    return () => {
      dialog.close();
    };
  }, []);

  function clickedBeside(event: MouseEvent<HTMLDialogElement>) {
    // The dialog's content fills it, so a click on the dialog itself landed on the backdrop.
    if (event.target === event.currentTarget) onClose();
  }

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={clickedBeside}
    >
      <div className="dialog-content">
        <div className="dialog-header">
          <h2 className="dialog-title" id={titleId}>
            {title}
          </h2>
          <CloseButton label="Close" onClick={onClose} />
        </div>
        {children}
      </div>
    </dialog>
  );
}
