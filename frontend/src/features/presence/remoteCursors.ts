/** Other participants' cursors and selections, drawn in their colors with a name label. */
import { StateEffect, StateField, type EditorState, type Range } from "@codemirror/state";
import { Decoration, EditorView, WidgetType, type DecorationSet } from "@codemirror/view";

export interface RemoteSelection {
  userId: string;
  name: string;
  color: string;
  anchor: number;
  head: number;
}

/** Positions must already be in the editor's current text. */
export const remoteSelectionMoved = StateEffect.define<RemoteSelection>();
/** The ids of everyone else still in the room; the others' selections disappear. */
export const participantsPresent = StateEffect.define<readonly string[]>();

type Selections = ReadonlyMap<string, RemoteSelection>;

const remoteSelections = StateField.define<Selections>({
  create: () => new Map(),
  update(selections, tr) {
    let next = selections;
    if (tr.docChanged) {
      next = new Map(
        Array.from(next, ([userId, selection]) => [
          userId,
          {
            ...selection,
            anchor: tr.changes.mapPos(selection.anchor, 1),
            head: tr.changes.mapPos(selection.head, 1),
          },
        ]),
      );
    }
    for (const effect of tr.effects) {
      if (effect.is(remoteSelectionMoved)) {
        next = new Map(next).set(effect.value.userId, effect.value);
      } else if (effect.is(participantsPresent)) {
        const present = new Set(effect.value);
        next = new Map(Array.from(next).filter(([userId]) => present.has(userId)));
      }
    }
    return next;
  },
});

class RemoteCursorWidget extends WidgetType {
  constructor(
    readonly name: string,
    readonly color: string,
    readonly labelBelow: boolean,
  ) {
    super();
  }

  override eq(other: RemoteCursorWidget): boolean {
    return (
      other.name === this.name && other.color === this.color && other.labelBelow === this.labelBelow
    );
  }

  toDOM(): HTMLElement {
    const caret = document.createElement("span");
    caret.className = this.labelBelow
      ? "cm-remote-cursor cm-remote-cursor-below"
      : "cm-remote-cursor";
    caret.style.setProperty("--remote-color", this.color);
    // The label is drawn from this attribute by CSS, so it never mixes with the document's text.
    caret.dataset.name = this.name;
    caret.title = this.name;
    return caret;
  }
}

function decorate(state: EditorState): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const { name, color, anchor, head } of state.field(remoteSelections).values()) {
    const from = Math.min(anchor, head);
    const to = Math.max(anchor, head);
    if (from < to) {
      ranges.push(
        Decoration.mark({
          class: "cm-remote-selection",
          attributes: { style: `--remote-color: ${color}` },
        }).range(from, to),
      );
    }
    // On the first line a label above the caret would be cut off by the editor's edge.
    const labelBelow = state.doc.lineAt(head).number === 1;
    ranges.push(
      Decoration.widget({ widget: new RemoteCursorWidget(name, color, labelBelow), side: 1 }).range(
        head,
      ),
    );
  }
  return Decoration.set(ranges, true);
}

const remoteCursorTheme = EditorView.baseTheme({
  ".cm-remote-selection": {
    backgroundColor: "color-mix(in srgb, var(--remote-color) 25%, transparent)",
  },
  ".cm-remote-cursor": {
    position: "relative",
    borderLeft: "2px solid var(--remote-color)",
    marginLeft: "-1px",
    marginRight: "-1px",
  },
  ".cm-remote-cursor::after": {
    content: "attr(data-name)",
    position: "absolute",
    left: "-2px",
    bottom: "100%",
    padding: "0 4px",
    borderRadius: "3px 3px 3px 0",
    backgroundColor: "var(--remote-color)",
    color: "#fff",
    font: "600 11px/16px system-ui, sans-serif",
    whiteSpace: "nowrap",
    pointerEvents: "none",
    zIndex: "5",
  },
  ".cm-remote-cursor-below::after": {
    bottom: "auto",
    top: "100%",
    borderRadius: "0 3px 3px 3px",
  },
});

export function remoteCursors() {
  return [
    remoteSelections,
    EditorView.decorations.compute([remoteSelections], decorate),
    remoteCursorTheme,
  ];
}
