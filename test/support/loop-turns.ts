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
