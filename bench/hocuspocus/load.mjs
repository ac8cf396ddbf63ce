// R rooms × C people typing into Hocuspocus, then checked: the Yjs side of bench/load.py.
// Usage: node load.mjs '<json config>' (see bench/hocuspocus_runner.py). Prints JSON lines:
// {"event":"measuring"} and {"event":"measured"} around the timed window, then {"event":"result"}.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Histogram } from "./histogram.mjs";
import { Person, TypedAt } from "./person.mjs";
import { keystrokes, seededRandom } from "./typist.mjs";

const CONNECT_CONCURRENCY = 50;
const STORE_POLL_MS = 50;
const STORE_POLLS = 100;
const config = JSON.parse(process.argv[2]);
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

async function inBatches(items, size, job) {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(job));
  }
}

async function typeInto(person, random, stopped) {
  person.cursor = Math.floor(random() * (person.text.length + 1));
  for (const [wait, action] of keystrokes(config.model, random)) {
    await sleep(wait * 1000);
    if (stopped.value) return;
    person.act(action);
  }
}

const inStep = (room) =>
  room.every((person) => person.settled) &&
  new Set(room.map((person) => person.text.toString())).size === 1;

async function drain(rooms) {
  const deadline = Date.now() + config.drainSeconds * 1000;
  while (Date.now() < deadline) {
    if (rooms.every(inStep)) return true;
    await sleep(50);
  }
  return false;
}

async function serverCopy(room) {
  const response = await fetch(`${config.httpUrl}/text/${encodeURIComponent(room)}`);
  return response.json();
}

/** Rooms whose clients differ from the server's copy; `stored` waits for it to be unloaded. */
async function differingRooms(rooms, stored) {
  let differing = 0;
  for (const room of rooms) {
    let copy = await serverCopy(room[0].room);
    for (let poll = 0; stored && copy.wasLoaded && poll < STORE_POLLS; poll += 1) {
      await sleep(STORE_POLL_MS);
      copy = await serverCopy(room[0].room);
    }
    if ((stored && copy.wasLoaded) || room.some((person) => person.text.toString() !== copy.text)) {
      differing += 1;
    }
  }
  return differing;
}

const histogram = new Histogram(config.histogram);
const typedAt = new TypedAt(histogram);
const rooms = config.rooms.map((name) =>
  Array.from({ length: config.people }, () => new Person(config.url, name, typedAt)),
);
const everyone = rooms.flat();
await inBatches(everyone, CONNECT_CONCURRENCY, (person) => person.connect());

const stopped = { value: false };
let seed = config.seed * 1_000_003;
const typing = everyone.map((person) => typeInto(person, seededRandom(seed++), stopped));
const lag = monitorEventLoopDelay({ resolution: 10 });
await sleep(config.warmup * 1000);

const editsBefore = everyone.reduce((sum, person) => sum + person.edits, 0);
say({ event: "measuring" });
typedAt.recording = true;
lag.enable();
await sleep(config.seconds * 1000);
lag.disable();
typedAt.recording = false;
say({ event: "measured" });
const edits = everyone.reduce((sum, person) => sum + person.edits, 0) - editsBefore;
stopped.value = true;
await Promise.all(typing);

const settled = await drain(rooms);
const problems = {};
if (settled) {
  const differing = await differingRooms(rooms, false);
  if (differing) problems["room differs from server"] = differing;
}
for (const person of everyone) person.close();
if (settled && config.checkStored) {
  // Hocuspocus stores a document when its last connection closes; read the stored copies back.
  const differing = await differingRooms(rooms, true);
  if (differing) problems["stored copy differs"] = differing;
}
const dropped = everyone.reduce((sum, person) => sum + person.closedUnexpectedly, 0);
if (dropped) problems["connections dropped"] = dropped;
say({
  event: "result",
  settled,
  problems,
  latency: histogram.toJSON(),
  timedKeystrokes: [...typedAt.stamps.values()].reduce(
    (sum, stamps) => sum + stamps.filter((stamp) => stamp !== undefined).length,
    0,
  ),
  edits,
  loopLagP99Ms: lag.percentile(99) / 1e6,
});
process.exit(0);
