// Hocuspocus as its README sets it up, in memory or with its SQLite extension, on loopback.
// Usage: node server.mjs <port> [sqlite-file]
// GET /text/<document> answers {"text", "wasLoaded"}: the server's copy of the document, read
// through a direct connection, so a run can check every client against it. `wasLoaded` false
// means the document had been unloaded and was read back from storage (SQLite), which is how a
// run checks the stored copy once the clients have left.
import { SQLite } from "@hocuspocus/extension-sqlite";
import { Server } from "@hocuspocus/server";
import { TEXT_FIELD } from "./person.mjs";

const [port, sqliteFile] = process.argv.slice(2);

async function answerText(request, response, instance) {
  const match = /^\/text\/([^/?]+)$/.exec(request.url ?? "");
  if (!match) return;
  const name = decodeURIComponent(match[1]);
  const wasLoaded = instance.documents.has(name);
  const connection = await instance.openDirectConnection(name);
  const text = connection.document.getText(TEXT_FIELD).toString();
  await connection.disconnect();
  response.writeHead(200, { "Content-Type": "application/json" });
  response.end(JSON.stringify({ text, wasLoaded }));
  // An empty rejection tells Hocuspocus the request is answered.
  throw null;
}

const server = new Server({
  port: Number(port),
  address: "127.0.0.1",
  quiet: true,
  extensions: sqliteFile ? [new SQLite({ database: sqliteFile })] : [],
  onRequest: ({ request, response, instance }) => answerText(request, response, instance),
});
await server.listen();
