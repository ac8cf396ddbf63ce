// Latency buckets shaped by the Python side (bench/stats.py), which summarizes them.
export class Histogram {
  constructor({ minMs, growth, buckets }) {
    this.minMs = minMs;
    this.logGrowth = Math.log(growth);
    this.counts = new Array(buckets).fill(0);
    this.count = 0;
    this.totalMs = 0;
    this.maxMs = 0;
  }

  add(ms) {
    const index =
      ms <= this.minMs
        ? 0
        : Math.min(Math.floor(Math.log(ms / this.minMs) / this.logGrowth) + 1, this.counts.length - 1);
    this.counts[index] += 1;
    this.count += 1;
    this.totalMs += ms;
    this.maxMs = Math.max(this.maxMs, ms);
  }

  toJSON() {
    return { counts: this.counts, count: this.count, totalMs: this.totalMs, maxMs: this.maxMs };
  }
}
