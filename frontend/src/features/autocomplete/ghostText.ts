/**
 * Ghost-text completion: after a pause in typing, ask the server for a suggestion and show it
 * greyed out at the cursor, over several lines when it has them. Tab inserts it all, Ctrl+→
 * (Option+→ on a Mac) its next word; Escape, typing or moving away dismisses it.
 */
import {
  EditorState,
  Prec,
  StateEffect,
  StateField,
  Transaction,
  type Extension,
  type Text,
  type TransactionSpec,
} from "@codemirror/state";
import {
  Decoration,
  EditorView,
  keymap,
  ViewPlugin,
  WidgetType,
  type ViewUpdate,
} from "@codemirror/view";

import { describeApiError, pairpadApi, type ApiError } from "../../api/pairpadApi";
import type { AppDispatch } from "../../app/store";
import { editorLanguage } from "../editor/languages";
import { OneShotTimer } from "../editor/timer";
import {
  nothingSuggested,
  suggestionAccepted,
  suggestionDismissed,
  suggestionDropped,
  suggestionFailed,
  suggestionRequested,
  suggestionShown,
  suggestionWordAccepted,
} from "./autocompleteSlice";

/** The pause in typing after which a suggestion is asked for. */
const IDLE_MS = 600;
/** After a `late` answer: jedi has usually finished by then and kept its answer. */
const LATE_RETRY_MS = 300;

export interface Ghost {
  pos: number;
  text: string;
}

export const ghostShown = StateEffect.define<Ghost>();
const ghostCleared = StateEffect.define();
const ACCEPT_EVENT = "input.complete";

export const ghostField = StateField.define<Ghost | null>({
  create: () => null,
  update(ghost, tr) {
    // A read-only editor shows no suggestion: Tab could not insert it.
    if (tr.state.readOnly) return null;
    for (const effect of tr.effects) {
      if (effect.is(ghostShown)) return effect.value;
      if (effect.is(ghostCleared)) return null;
    }
    if (!ghost) return null;
    const remote = tr.annotation(Transaction.remote) === true;
    if (tr.selection || (tr.docChanged && !remote)) return null;
    // Someone else's edit elsewhere keeps the suggestion, as long as the cursor stays with it.
    const pos = tr.changes.mapPos(ghost.pos);
    return tr.state.selection.main.head === pos ? { ...ghost, pos } : null;
  },
  provide: (field) =>
    EditorView.decorations.from(field, (ghost) =>
      ghost
        ? Decoration.set([
            Decoration.widget({ widget: new GhostTextWidget(ghost.text), side: 1 }).range(
              ghost.pos,
            ),
          ])
        : Decoration.none,
    ),
});

class GhostTextWidget extends WidgetType {
  constructor(readonly text: string) {
    super();
  }

  override eq(other: GhostTextWidget): boolean {
    return other.text === this.text;
  }

  toDOM(): HTMLElement {
    const ghost = document.createElement("span");
    ghost.className = "cm-ghost-text";
    // Drawn from the attribute by CSS: not part of the text, not selectable, not copied.
    ghost.dataset.text = this.text;
    ghost.setAttribute("aria-label", `Suggestion: ${this.text}`);
    return ghost;
  }
}

function isLocalEdit(tr: Transaction): boolean {
  return tr.docChanged && tr.annotation(Transaction.remote) !== true;
}

class GhostTextPlugin {
  private readonly idle = new OneShotTimer();
  private inFlight = false;
  private askAgain = false;
  private destroyed = false;
  /** The text a `late` answer was asked again for: once per text, not in a loop. */
  private retriedFor: Text | null = null;

  constructor(
    private readonly view: EditorView,
    private readonly dispatch: AppDispatch,
  ) {}

  update(update: ViewUpdate): void {
    const wasShown = update.startState.field(ghostField) !== null;
    const stillShown = update.state.field(ghostField) !== null;
    const accepted = update.transactions.some((tr) => tr.isUserEvent(ACCEPT_EVENT));
    if (wasShown && !stillShown && !accepted) {
      this.dispatch(suggestionDismissed());
    }
    // A word taken from a suggestion leaves its rest showing: no need to ask again yet.
    if (update.transactions.some(isLocalEdit) && !stillShown) {
      this.idle.cancel();
      this.idle.schedule(IDLE_MS, () => void this.request());
    } else if (update.transactions.some((tr) => tr.selection)) {
      this.idle.cancel();
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.idle.cancel();
  }

  /** Ask for a suggestion for the editor as it is now; one request at a time. */
  private async request(): Promise<void> {
    if (this.inFlight) {
      this.askAgain = true;
      return;
    }
    const asked = this.view.state;
    const cursor = asked.selection.main;
    if (!cursor.empty || asked.readOnly) return;
    this.inFlight = true;
    this.dispatch(suggestionRequested());
    try {
      const answer = await this.dispatch(
        pairpadApi.endpoints.suggestCompletion.initiate(
          {
            code: asked.doc.toString(),
            cursorPosition: cursor.head,
            language: asked.facet(editorLanguage),
          },
          { track: false },
        ),
      ).unwrap();
      if (this.destroyed) return;
      const now = this.view.state;
      if (now.doc !== asked.doc || !now.selection.main.eq(cursor) || now.readOnly) {
        this.dispatch(suggestionDropped());
        return;
      }
      if (answer.late && this.retriedFor !== asked.doc) {
        this.retriedFor = asked.doc;
        this.idle.schedule(LATE_RETRY_MS, () => void this.request());
      }
      if (!answer.suggestion) {
        this.dispatch(nothingSuggested({ provider: answer.provider }));
      } else {
        this.view.dispatch({
          effects: ghostShown.of({ pos: cursor.head, text: answer.suggestion }),
        });
        this.dispatch(
          suggestionShown({ suggestion: answer.suggestion, provider: answer.provider }),
        );
      }
    } catch (error) {
      console.warn("Autocomplete request failed", error);
      if (!this.destroyed) this.dispatch(suggestionFailed(describeApiError(error as ApiError)));
    } finally {
      this.inFlight = false;
      if (this.askAgain && !this.destroyed) {
        this.askAgain = false;
        void this.request();
      }
    }
  }
}

/** The start of `text` that Ctrl+→ takes: spaces and line breaks, then a word or a run of
 * punctuation. */
export function nextWord(text: string): string {
  return /^\s*(?:[\p{L}\p{N}_$]+|[^\s\p{L}\p{N}_$]+)?/u.exec(text)?.[0] ?? "";
}

/** The transaction that inserts `text`, the first part of the suggestion shown, at the cursor;
 * the rest stays shown after it. Null when no suggestion is shown. */
export function acceptSuggestion(state: EditorState, part: "all" | "word"): TransactionSpec | null {
  const ghost = state.field(ghostField, false);
  if (!ghost) return null;
  const taken = part === "all" ? ghost.text : nextWord(ghost.text);
  const rest = ghost.text.slice(taken.length);
  const end = ghost.pos + taken.length;
  return {
    changes: { from: ghost.pos, insert: taken },
    selection: { anchor: end },
    effects: rest ? ghostShown.of({ pos: end, text: rest }) : ghostCleared.of(null),
    userEvent: ACCEPT_EVENT,
    scrollIntoView: true,
  };
}

function acceptGhost(view: EditorView, dispatch: AppDispatch, part: "all" | "word"): boolean {
  const accepting = acceptSuggestion(view.state, part);
  if (!accepting) return false;
  view.dispatch(accepting);
  const rest = view.state.field(ghostField);
  dispatch(rest ? suggestionWordAccepted({ rest: rest.text }) : suggestionAccepted());
  return true;
}

function dismissGhost(view: EditorView): boolean {
  if (!view.state.field(ghostField)) return false;
  view.dispatch({ effects: ghostCleared.of(null) });
  return true;
}

const ghostTextTheme = EditorView.baseTheme({
  ".cm-ghost-text::after": {
    content: "attr(data-text)",
    whiteSpace: "pre",
    opacity: "0.45",
    pointerEvents: "none",
  },
});

export function ghostText(dispatch: AppDispatch): Extension {
  return [
    ghostField,
    ViewPlugin.define((view) => new GhostTextPlugin(view, dispatch)),
    Prec.highest(
      keymap.of([
        { key: "Tab", run: (view) => acceptGhost(view, dispatch, "all") },
        {
          key: "Ctrl-ArrowRight",
          mac: "Alt-ArrowRight",
          run: (view) => acceptGhost(view, dispatch, "word"),
        },
        { key: "Escape", run: dismissGhost },
      ]),
    ),
    ghostTextTheme,
  ];
}
