type Stoppable = { stop(): Promise<unknown> } | { close(): Promise<unknown> };

const shutdown = (thing: Stoppable) => ('stop' in thing ? thing.stop() : thing.close());

/**
 * Starts several things at once (child processes, in-process services). If
 * one fails to start, the others are stopped before the error is rethrown:
 * with a plain Promise.all the ones that did start would outlive the test
 * file as orphan processes writing into a dropped namespace.
 */
export async function startAll<T extends readonly Stoppable[]>(starting: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(starting as readonly Promise<Stoppable>[]);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await Promise.allSettled(results.flatMap((result) => (result.status === 'fulfilled' ? [shutdown(result.value)] : [])));
    throw failure.reason;
  }
  return results.map((result) => (result as PromiseFulfilledResult<Stoppable>).value) as unknown as T;
}
