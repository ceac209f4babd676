/**
 * Sends `items` in their order, at most `concurrency` at once. After a failure no further item is started; the
 * ones under way finish, and the first failure is thrown. Used for the requests of one write to a SPARQL server:
 * each names graphs of its own, so their order among themselves does not matter.
 */
export async function sendConcurrently<T>(items: readonly T[], concurrency: number, send: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const sender = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await send(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, sender));
  if (failure !== undefined) throw failure.error;
}
