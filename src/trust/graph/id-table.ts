/**
 * An id table: external string ids (member ids, subject ids from the log) mapped to the dense integers
 * 0..size-1 that CSR graphs and typed arrays index by, and back. Ids are numbered in order of first sight,
 * so replaying the same log yields the same numbering.
 */

/** A bidirectional map between string ids and dense node numbers. */
export interface IdTable {
  /** How many ids the table holds; the next new id gets this number. */
  readonly size: number;
  /** The number of `id`, assigning the next free number on first sight. */
  intern(id: string): number;
  /** The number of `id`, or undefined when the table has never seen it. */
  indexOf(id: string): number | undefined;
  /** The string id of node `index`; throws RangeError outside 0..size-1. */
  idOf(index: number): string;
}

/**
 * Creates an empty id table (or one pre-filled with `ids`, numbered in order).
 *
 * @example
 * const ids = createIdTable()
 * ids.intern("alice") // 0
 * ids.intern("bob") // 1
 * ids.intern("alice") // 0
 * ids.idOf(1) // "bob"
 */
export function createIdTable(ids: Iterable<string> = []): IdTable {
  const numbers = new Map<string, number>();
  const names: string[] = [];
  const intern = (id: string): number => {
    const known = numbers.get(id);
    if (known !== undefined) return known;
    const index = names.length;
    numbers.set(id, index);
    names.push(id);
    return index;
  };
  for (const id of ids) intern(id);
  return {
    get size() {
      return names.length;
    },
    intern,
    indexOf: (id) => numbers.get(id),
    idOf(index) {
      const id = names[index];
      if (id === undefined) throw new RangeError(`no id numbered ${index} (size ${names.length})`);
      return id;
    },
  };
}
