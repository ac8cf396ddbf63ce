// The web editor's side of a rebase by author, from its own orderedCollab.ts (frontend/).
// Reads cases as JSON on stdin: {doc, frames: [[{clientID, changes}]], pushed, rebased}, where
// `pushed` are one client's updates made against `doc`, `frames` the updates stored since as the
// editor receives them, and `rebased` what the server stored for `pushed`. For each case writes
// the editor's unconfirmed updates after the frames (what the server must have stored) and its
// text once `rebased` has come back too.
const { loadOrderedCollab } = require("./ordered_collab.cjs");

const ordered = loadOrderedCollab(process.argv[2]);
const { ChangeSet, EditorState } = ordered.frontendRequire("@codemirror/state");
const { collab, receiveUpdates, sendableUpdates } = ordered;

const parse = (updates) =>
  updates.map((u) => ({ clientID: u.clientID, changes: ChangeSet.fromJSON(u.changes) }));
const wire = (updates) => updates.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() }));

function run({ doc, frames, pushed, rebased }) {
  const clientID = pushed[0].clientID;
  let editor = EditorState.create({ doc, extensions: [collab({ startVersion: 0, clientID })] });
  for (const update of parse(pushed)) editor = editor.update({ changes: update.changes }).state;
  for (const frame of frames) editor = receiveUpdates(editor, parse(frame)).state;
  const unconfirmed = wire(sendableUpdates(editor));
  editor = receiveUpdates(editor, parse(rebased)).state;
  if (sendableUpdates(editor).length) throw new Error("the rebased push did not confirm it all");
  return { unconfirmed, editor: editor.doc.toString() };
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(input).map(run))));
