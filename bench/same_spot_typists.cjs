// People typing at one spot at once, each a CodeMirror editor state over its own WebSocket,
// pushing as the web editor does (one push in flight, at most one every 40 ms, rebase asked for).
// `collab` picks how an editor orders same-spot insertions: "ordered" is the web editor's own
// orderedCollab.ts (with "tieBreak": "author"), "codemirror" is @codemirror/collab (arrival).
// Every editor starts with its cursor at the end of the text and types its line there one
// character at a time, its cursor moved by the others' updates as CodeMirror moves it.
//
// Reads on stdin: {room, collab, clients: [{url, name, line, intervalMs}]}.
// Writes on stdout: {docs: [each editor's final text]}.
// Needs Node's WebSocket: run with --experimental-websocket on Node 20.
const path = require("node:path");
const { loadOrderedCollab } = require(
  path.resolve(__dirname, "../backend/tests/collab/ordered_collab.cjs"),
);

const PUSH_INTERVAL_MS = 40;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function collabFor(kind, ordered) {
  if (kind === "ordered") return { ...ordered, tieBreak: "author" };
  return { ...ordered.frontendRequire("@codemirror/collab"), tieBreak: undefined };
}

class Typist {
  constructor(room, collab, codemirror, { url, name, line, intervalMs }) {
    this.collab = collab;
    this.codemirror = codemirror;
    this.clientID = `${name}-tab`;
    this.line = line;
    this.intervalMs = intervalMs;
    this.inFlight = false;
    this.lastPushAt = 0;
    this.socket = new WebSocket(`${url}/ws/${room}?name=${name}`);
    this.welcomed = new Promise((resolve, reject) => {
      this.onWelcome = resolve;
      this.socket.onerror = () => reject(new Error(`${name} could not connect`));
    });
    this.socket.onmessage = (event) => this.received(JSON.parse(event.data));
  }

  received(message) {
    const { ChangeSet, EditorSelection, EditorState } = this.codemirror;
    const { collab, getSyncedVersion, receiveUpdates } = this.collab;
    if (message.type === "welcome") {
      const { doc, version } = message.room;
      this.editor = EditorState.create({
        doc,
        selection: EditorSelection.cursor(doc.length),
        extensions: [collab({ startVersion: version, clientID: this.clientID })],
      });
      this.onWelcome();
    } else if (message.type === "updates") {
      const fresh = message.updates.slice(getSyncedVersion(this.editor) - message.version);
      const updates = fresh.map((u) => ({ clientID: u.clientID, changes: ChangeSet.fromJSON(u.changes) }));
      if (updates.some((u) => u.clientID === this.clientID)) this.inFlight = false;
      this.editor = receiveUpdates(this.editor, updates).state;
    } else if (message.type === "rejected" || message.type === "error") {
      this.inFlight = false;
    }
  }

  pending() {
    return this.collab.sendableUpdates(this.editor);
  }

  push() {
    const updates = this.pending();
    if (this.inFlight || !updates.length || Date.now() - this.lastPushAt < PUSH_INTERVAL_MS) return;
    this.inFlight = true;
    this.lastPushAt = Date.now();
    const push = {
      type: "push",
      version: this.collab.getSyncedVersion(this.editor),
      updates: updates.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() })),
      rebase: true,
    };
    if (this.collab.tieBreak) push.tieBreak = this.collab.tieBreak;
    this.socket.send(JSON.stringify(push));
  }

  async type() {
    const { EditorSelection } = this.codemirror;
    for (const character of this.line) {
      const head = this.editor.selection.main.head;
      this.editor = this.editor.update({
        changes: { from: head, insert: character },
        selection: EditorSelection.cursor(head + character.length),
      }).state;
      this.push();
      await sleep(this.intervalMs);
    }
  }

  async settle() {
    for (let waited = 0; this.pending().length || this.inFlight; waited += 10) {
      if (waited > 30000) throw new Error(`${this.clientID} never got its edits in`);
      this.push();
      await sleep(10);
    }
  }
}

async function main(input) {
  const { room, collab: kind, clients } = JSON.parse(input);
  const ordered = loadOrderedCollab(path.resolve(__dirname, "../frontend"));
  const collab = collabFor(kind, ordered);
  const codemirror = ordered.frontendRequire("@codemirror/state");
  const typists = clients.map((client) => new Typist(room, collab, codemirror, client));
  await Promise.all(typists.map((typist) => typist.welcomed));
  await Promise.all(typists.map((typist) => typist.type()));
  await Promise.all(typists.map((typist) => typist.settle()));
  const synced = () => typists.map((typist) => collab.getSyncedVersion(typist.editor));
  for (let waited = 0; new Set(synced()).size > 1; waited += 10) {
    if (waited > 30000) throw new Error("the editors never reached one version");
    await sleep(10);
  }
  process.stdout.write(JSON.stringify({ docs: typists.map((t) => t.editor.doc.toString()) }));
  for (const typist of typists) typist.socket.close();
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () =>
  main(input).catch((error) => {
    console.error(error);
    process.exit(1);
  }),
);
