/** One pending callback at a time: scheduling while one is pending keeps the earlier one. */
export class OneShotTimer {
  private id: ReturnType<typeof setTimeout> | null = null;

  schedule(delayMs: number, callback: () => void): void {
    if (this.id !== null) return;
    this.id = setTimeout(() => {
      this.id = null;
      callback();
    }, delayMs);
  }

  cancel(): void {
    if (this.id !== null) clearTimeout(this.id);
    this.id = null;
  }
}
