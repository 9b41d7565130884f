/**
 * The classic 8-leaf tree of RFC 6962 / transparency-dev/merkle testdata (see ../shared/README.md).
 * Test helper.
 */
export const CLASSIC_ENTRIES_HEX = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
] as const;

/** The published root of the 8-leaf tree (../shared/README.md). */
export const CLASSIC_ROOT_8_HEX =
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";

export const CLASSIC_ENTRIES: readonly Uint8Array[] = CLASSIC_ENTRIES_HEX.map(
  (h) => new Uint8Array(Buffer.from(h, "hex")),
);
