/**
 * What the test process and its writer processes (service-writer.ts) agree on. No vitest imports: a
 * writer process loads this too. Test helper.
 */

/** Where a writer finds the test database (TestDatabase["location"] of test/store/support/backends.ts). */
export type WriterLocation =
  | { readonly dataDir: string }
  | { readonly url: string; readonly schema: string };

/** The host of the receipts' log origin, the same in every process so receipts verify in the test. */
export const RECEIPT_HOST = "reliability.example.com";

/** The members of the market writers write to (openMarket(service, space, WRITER_MARKET_SIZE)). */
export const WRITER_MARKET_SIZE = 6;

/**
 * A seeded PRNG (mulberry32): numbers in [0, 1), the same sequence for the same seed, so a failing
 * run can be repeated with its seed.
 *
 * @example const random = seededRandom(42); random() // 0.6011…
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
