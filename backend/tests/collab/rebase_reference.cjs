// The browser's side of a rebase, from the editor's own @codemirror packages (frontend/).
// Reads cases as JSON on stdin: {doc, frames: [[{clientID, changes}]], pushed, rebased}, where
// `pushed` are one client's updates made against `doc`, `frames` the updates stored since as
// the editor receives them, and `rebased` what the server stored for `pushed`. For each case
// writes what @codemirror/collab's rebaseUpdates makes of `pushed` over all the frames at once,
// and the text of an editor that had `pushed` unconfirmed after receiving the frames, the last
// one followed by `rebased` (the server sends them in one frame).
const { createRequire } = require("node:module");
const frontend = createRequire(require("node:path").resolve(process.argv[2], "package.json"));
const { ChangeSet, EditorState } = frontend("@codemirror/state");
const { collab, rebaseUpdates, receiveUpdates, sendableUpdates } = frontend("@codemirror/collab");

const parse = (updates) =>
  updates.map((u) => ({ clientID: u.clientID, changes: ChangeSet.fromJSON(u.changes) }));

function run({ doc, frames, pushed, rebased }) {
  const pushedSets = parse(pushed);
  const reference = rebaseUpdates(pushedSets, parse(frames.flat()));

  const clientID = pushed[0].clientID;
  let editor = EditorState.create({ doc, extensions: [collab({ startVersion: 0, clientID })] });
  for (const update of pushedSets) editor = editor.update({ changes: update.changes }).state;
  if (sendableUpdates(editor).length !== pushedSets.length) throw new Error("not all unconfirmed");
  const received = frames.map(parse);
  received[received.length - 1].push(...parse(rebased));
  for (const frame of received) editor = receiveUpdates(editor, frame).state;
  return {
    reference: reference.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() })),
    editor: editor.doc.toString(),
  };
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(input).map(run))));
