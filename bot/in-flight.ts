/** Work started and not yet settled (turns, deliveries), so a shutdown can wait for all of it. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Keeps `work` until it settles and returns it unchanged (a rejection stays the caller's to handle). */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => {});
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once everything tracked so far, and anything tracked meanwhile, has settled; never rejects. */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
