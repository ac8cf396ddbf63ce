// The typing model of bench/typist.py, followed step by step so both servers get the same typing.
const WORDS = [
  "def", "return", "value", "index", "result", "items", "for", "in", "if", "else", "self",
  "count", "total", "print", "range", "len", "None", "True", "name", "data", "key", "lambda",
];

/** A small seeded generator (mulberry32): runs are repeatable, like the Python side's. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniform = (random, [low, high]) => low + (high - low) * random();
const between = (random, [low, high]) => low + Math.floor(random() * (high - low + 1));

/** Endless [seconds to wait, action]; an action is {insert}, {erase: true} or {jump: fraction}. */
export function* keystrokes(model, random) {
  let wordsLeft = between(random, model.line_words);
  let thinking = 0;
  for (;;) {
    for (const char of WORDS[Math.floor(random() * WORDS.length)]) {
      const wait = thinking + uniform(random, model.key_interval);
      thinking = 0;
      yield [wait, random() < model.erase_chance ? { erase: true } : { insert: char }];
    }
    wordsLeft -= 1;
    let separator = " ";
    if (wordsLeft === 0) {
      separator = "\n";
      wordsLeft = between(random, model.line_words);
    }
    yield [uniform(random, model.key_interval), { insert: separator }];
    if (random() < model.jump_chance) yield [0, { jump: random() }];
    if (random() < model.pause_chance) thinking = uniform(random, model.pause);
  }
}
