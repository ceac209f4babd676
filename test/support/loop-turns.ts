/**
 * Runs `work` while counting the turns the event loop gives other work meanwhile (an immediate that
 * schedules itself again until the work ends): 0 when the work never yields.
 */
export async function countingLoopTurns<T>(work: () => Promise<T>): Promise<{ readonly result: T; readonly turns: number }> {
  let turns = 0;
  let working = true;
  const turn = (): void => {
    turns++;
    if (working) setImmediate(turn);
  };
  setImmediate(turn);
  try {
    const result = await work();
    return { result, turns };
  } finally {
    working = false;
  }
}

/**
 * Runs `work` while timing the stretches between the turns the event loop gives other work meanwhile:
 * the longest stretch is the longest the work held the loop without a turn, ms.
 */
export async function longestStretchWithoutTurn<T>(work: () => Promise<T>): Promise<{ readonly result: T; readonly longestMs: number }> {
  let last = performance.now();
  let longestMs = 0;
  let working = true;
  const turn = (): void => {
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
    if (working) setImmediate(turn);
  };
  setImmediate(turn);
  try {
    const result = await work();
    working = false;
    await new Promise((resolve) => setImmediate(resolve)); // the turn that ends the last stretch
    return { result, longestMs };
  } finally {
    working = false;
  }
}
