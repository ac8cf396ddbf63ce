/**
 * Text the server can store. PostgreSQL refuses the NUL character (U+0000), so the server
 * refuses any change that inserts one; an editor that kept such a change would push it
 * forever. Pasted NULs (text copied from a binary file) become U+FFFD, the replacement
 * character, before the change is made: the same length, so nothing else moves.
 */
import { EditorState, Transaction } from "@codemirror/state";

const NUL = "\u0000";
const REPLACEMENT = "\uFFFD";

export const storableText = EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged || tr.annotation(Transaction.remote)) return tr;
  const changes: { from: number; to: number; insert: string }[] = [];
  tr.changes.iterChanges((from, to, _fromB, _toB, inserted) => {
    changes.push({ from, to, insert: inserted.toString() });
  });
  if (!changes.some((change) => change.insert.includes(NUL))) return tr;
  for (const change of changes) change.insert = change.insert.replaceAll(NUL, REPLACEMENT);
  const userEvent = tr.annotation(Transaction.userEvent);
  return {
    changes,
    selection: tr.selection,
    effects: tr.effects,
    scrollIntoView: tr.scrollIntoView,
    ...(userEvent === undefined ? {} : { userEvent }),
  };
});
