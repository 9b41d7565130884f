/**
 * A binary max-heap of integer items keyed by a number, for best-first searches. Items and keys live in
 * plain arrays that grow as needed; nothing is allocated per operation once grown.
 */

/** A max-heap of integer items. */
export interface MaxHeap {
  readonly size: number;
  push(item: number, key: number): void;
  /** Removes and returns the item of largest key; undefined when empty. */
  pop(): number | undefined;
}

/**
 * Creates an empty max-heap.
 *
 * @example
 * const h = createMaxHeap()
 * h.push(7, 0.2); h.push(9, 0.5)
 * h.pop() // 9
 */
export function createMaxHeap(): MaxHeap {
  const items: number[] = [];
  const keys: number[] = [];
  const swap = (i: number, j: number): void => {
    const item = items[i] as number;
    const key = keys[i] as number;
    items[i] = items[j] as number;
    keys[i] = keys[j] as number;
    items[j] = item;
    keys[j] = key;
  };
  return {
    get size() {
      return items.length;
    },
    push(item, key) {
      items.push(item);
      keys.push(key);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((keys[parent] as number) >= key) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop() {
      if (items.length === 0) return undefined;
      const top = items[0] as number;
      const lastItem = items.pop() as number;
      const lastKey = keys.pop() as number;
      if (items.length === 0) return top;
      items[0] = lastItem;
      keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < items.length && (keys[left] as number) > (keys[largest] as number))
          largest = left;
        if (right < items.length && (keys[right] as number) > (keys[largest] as number))
          largest = right;
        if (largest === i) return top;
        swap(i, largest);
        i = largest;
      }
    },
  };
}
