// Editors written the way CodeMirror's own collab example writes them, with the real
// @codemirror/collab and @codemirror/state (from frontend/), each over its own WebSocket.
// Like the example, an editor pushes *everything* it has not had confirmed, never asks the
// server to rebase, and after each push (answered by its updates coming back, a `rejected` or an
// error) pushes again 100 ms later if anything is still unconfirmed. It receives updates with
// receiveUpdates, as the example's pull loop does.
//
// Reads on stdin: {room, durationMs, clients: [{url, name, intervalMs, offline}]}; `offline`
// tokens are typed before the first push (a backlog, as after time offline). Every token is a
// unique word followed by a space, inserted where a word starts, so no edit splits another.
// Writes on stdout, per client: {name, doc, typed, confirmedDuring}: its final text, the tokens it
// typed, and how many of its updates were confirmed while everyone was still typing.
// Needs Node's WebSocket: run with --experimental-websocket on Node 20.
const { createRequire } = require("node:module");
const frontend = createRequire(require("node:path").resolve(process.argv[2], "package.json"));
const { ChangeSet, EditorState } = frontend("@codemirror/state");
const { collab, getSyncedVersion, receiveUpdates, sendableUpdates } = frontend("@codemirror/collab");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class ExampleEditor {
  constructor(room, { url, name, intervalMs, offline }) {
    this.name = name;
    this.intervalMs = intervalMs;
    this.offline = offline;
    this.typed = [];
    this.confirmed = 0;
    this.pushing = false;
    this.socket = new WebSocket(`${url}/ws/${room}?name=${name}`);
    this.welcomed = new Promise((resolve) => (this.onWelcome = resolve));
    this.socket.onmessage = (event) => this.received(JSON.parse(event.data));
  }

  received(message) {
    if (message.type === "welcome") {
      const { doc, version } = message.room;
      this.state = EditorState.create({
        doc,
        extensions: [collab({ startVersion: version, clientID: `${this.name}-tab` })],
      });
      this.onWelcome();
    } else if (message.type === "updates") {
      const fresh = message.updates.slice(getSyncedVersion(this.state) - message.version);
      const updates = fresh.map((u) => ({ clientID: u.clientID, changes: ChangeSet.fromJSON(u.changes) }));
      const own = updates.filter((u) => u.clientID === `${this.name}-tab`).length;
      this.state = receiveUpdates(this.state, updates).state;
      this.confirmed += own;
      if (own) this.pushed();
    } else if (message.type === "rejected" || message.type === "error") {
      this.pushed();
    }
  }

  type() {
    const text = this.state.doc.toString();
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === " ") starts.push(i + 1);
    const at = starts[Math.floor(Math.random() * starts.length)];
    const token = `${this.name}${this.typed.length} `;
    this.typed.push(token.trim());
    this.state = this.state.update({ changes: { from: at, insert: token } }).state;
  }

  push() {
    const updates = sendableUpdates(this.state);
    if (this.pushing || !updates.length) return;
    this.pushing = true;
    this.socket.send(
      JSON.stringify({
        type: "push",
        version: getSyncedVersion(this.state),
        updates: updates.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() })),
      }),
    );
  }

  pushed() {
    if (!this.pushing) return;
    this.pushing = false;
    if (sendableUpdates(this.state).length) setTimeout(() => this.push(), 100);
  }

  async run(until) {
    await this.welcomed;
    for (let i = 0; i < this.offline; i++) this.type();
    this.push();
    while (Date.now() < until) {
      this.type();
      this.push();
      await sleep(this.intervalMs);
    }
    this.confirmedDuring = this.confirmed;
  }

  async settle() {
    for (let waited = 0; sendableUpdates(this.state).length || this.pushing; waited += 50) {
      if (waited > 60000) throw new Error(`${this.name} never got its edits in`);
      if (!this.pushing) this.push();
      await sleep(50);
    }
  }
}

async function main(input) {
  const { room, durationMs, clients } = JSON.parse(input);
  const editors = clients.map((client) => new ExampleEditor(room, client));
  const until = Date.now() + durationMs;
  await Promise.all(editors.map((editor) => editor.run(until)));
  await Promise.all(editors.map((editor) => editor.settle()));
  await sleep(1000); // the last updates reach everyone
  process.stdout.write(
    JSON.stringify(
      editors.map((e) => ({
        name: e.name,
        doc: e.state.doc.toString(),
        typed: e.typed,
        confirmedDuring: e.confirmedDuring,
        confirmed: e.confirmed,
      })),
    ),
  );
  for (const editor of editors) editor.socket.close();
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () =>
  main(input).catch((error) => {
    console.error(error);
    process.exit(1);
  }),
);
