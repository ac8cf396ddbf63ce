// Idle connections for the memory scenario: the Yjs side of bench/scenarios/memory.py.
// Usage: node idle.mjs '<json config>' with {url, steps: [[room, ...], ...]}. Each step connects
// one person to every room listed, prints {"event":"connected","step":i} and waits for a line on
// stdin before the next step; after the last one, a line on stdin closes everything.
import { createInterface } from "node:readline";
import { Person } from "./person.mjs";

const CONNECT_CONCURRENCY = 50;
const config = JSON.parse(process.argv[2]);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const everyone = [];

for (const [step, rooms] of config.steps.entries()) {
  const people = rooms.map((room) => new Person(config.url, room, null));
  for (let start = 0; start < people.length; start += CONNECT_CONCURRENCY) {
    await Promise.all(people.slice(start, start + CONNECT_CONCURRENCY).map((p) => p.connect()));
  }
  everyone.push(...people);
  process.stdout.write(`${JSON.stringify({ event: "connected", step })}\n`);
  await lines.next();
}
for (const person of everyone) person.close();
process.exit(0);
