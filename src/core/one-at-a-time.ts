/**
 * Runs work one piece at a time, in the order it was asked for: each piece starts once the one before it has
 * settled (fulfilled or rejected). A failed piece fails only its own caller.
 */
export class OneAtATime {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every piece asked for so far has settled; never rejects. */
  async idle(): Promise<void> {
    await this.#tail;
  }
}
