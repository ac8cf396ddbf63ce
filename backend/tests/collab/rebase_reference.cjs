// The browser's side of a rebase, from the editor's own @codemirror packages (frontend/).
// Reads cases as JSON on stdin: {doc, over: [{clientID, changes}], pushed: [...]}, where `pushed`
// are one client's updates made against `doc` and `over` the updates the server accepted since.
// For each case writes what @codemirror/collab's rebaseUpdates makes of `pushed`, the text the
// server then holds, and the text an editor that had `pushed` unconfirmed ends with after
// receiving `over` and the rebased updates.
const { createRequire } = require("node:module");
const frontend = createRequire(require("node:path").resolve(process.argv[2], "package.json"));
const { ChangeSet, EditorState } = frontend("@codemirror/state");
const { collab, rebaseUpdates, receiveUpdates, sendableUpdates } = frontend("@codemirror/collab");

const parse = (updates) =>
  updates.map((u) => ({ clientID: u.clientID, changes: ChangeSet.fromJSON(u.changes) }));

function run({ doc, over, pushed }) {
  const overSets = parse(over);
  const pushedSets = parse(pushed);
  const rebased = rebaseUpdates(pushedSets, overSets);
  let server = EditorState.create({ doc }).doc;
  for (const update of [...overSets, ...rebased]) server = update.changes.apply(server);

  const clientID = pushed.length ? pushed[0].clientID : "nobody";
  let editor = EditorState.create({ doc, extensions: [collab({ startVersion: 0, clientID })] });
  for (const update of pushedSets) editor = editor.update({ changes: update.changes }).state;
  if (sendableUpdates(editor).length !== pushedSets.length) throw new Error("not all unconfirmed");
  editor = receiveUpdates(editor, [...overSets, ...rebased]).state;
  return {
    rebased: rebased.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() })),
    server: server.toString(),
    editor: editor.doc.toString(),
  };
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(input).map(run))));
