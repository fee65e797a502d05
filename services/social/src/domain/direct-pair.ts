/**
 * A direct conversation belongs to an unordered pair of users. Sorting the two
 * ids gives the pair one key (the table's unique constraint), and the same
 * order is the order in which their locks are taken, so two sends between the
 * same people can never deadlock.
 */
export function directPair(a: string, b: string): [low: string, high: string] {
  return a < b ? [a, b] : [b, a];
}

/** Users in the one global order every transaction locks them in. */
export const lockOrder = (userIds: Iterable<string>): string[] => [...new Set(userIds)].sort();
