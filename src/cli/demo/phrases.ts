/**
 * The demo's synthetic texts and ratings: small phrase tables combined by the seeded generator, and a
 * rating distribution shaped like real two-sided marketplaces (mostly 5 and 4, a tail of critical ones).
 */
import type { Prng } from "./prng.js";

const FIRST_NAMES = [
  "Ada",
  "Bruno",
  "Chloé",
  "Dmitri",
  "Elif",
  "Farid",
  "Greta",
  "Hugo",
  "Ines",
  "Jonas",
  "Kenji",
  "Lena",
  "Mateo",
  "Nora",
  "Omar",
  "Priya",
  "Quentin",
  "Rosa",
  "Sami",
  "Tove",
  "Ugo",
  "Vera",
  "Wen",
  "Yusuf",
  "Zoé",
];
const PLACES = ["canal", "old town", "harbour", "market square", "park", "station", "riverside"];
const KINDS = ["flat", "studio", "loft", "room", "cabin", "houseboat"];
const ADJECTIVES = ["sunny", "quiet", "cosy", "bright", "spacious", "charming", "compact"];

const PRAISE = [
  "Spotless and exactly as described.",
  "The host answered within minutes.",
  "Great location, everything within walking distance.",
  "Comfortable bed and a well-equipped kitchen.",
  "Check-in was effortless.",
  "Quiet at night, lovely light in the morning.",
];
const MIXED = [
  "Fine for a short stay, a bit noisy on weekends.",
  "Good value, although the wifi was slow.",
  "Nice place, the shower needs some attention.",
];
const CRITICAL = [
  "The flat was not clean when we arrived.",
  "Photos are years old; the place needs repairs.",
  "The heating did not work and the host never replied.",
];
const GUEST_PRAISE = [
  "Left the place tidy, a pleasure to host.",
  "Friendly and clear communication.",
  "Respectful of the house rules.",
];
const GUEST_CRITICAL = ["Arrived three hours late without notice.", "Left a mess in the kitchen."];
const REPLIES = [
  "Thank you for the feedback, we fixed it the following week.",
  "Sorry about that; the repair is booked.",
  "Thanks, glad you enjoyed the stay!",
];

/** A member's display name, unique by index. */
export function displayName(r: Prng, i: number): string {
  return `${r.pick(FIRST_NAMES)} ${String.fromCharCode(65 + (i % 26))}.`;
}

/** A listing's name. */
export function listingName(r: Prng): string {
  return `${cap(r.pick(ADJECTIVES))} ${r.pick(KINDS)} by the ${r.pick(PLACES)}`;
}

/** An overall rating on 1–5: about 62% 5, 25% 4, 7% 3, 4% 2, 2% 1. */
export function rating(r: Prng): number {
  const x = r.next();
  if (x < 0.62) return 5;
  if (x < 0.87) return 4;
  if (x < 0.94) return 3;
  if (x < 0.98) return 2;
  return 1;
}

/** A guest's text about a listing, matching its rating. */
export function listingReview(r: Prng, overall: number): string {
  if (overall >= 4) return `${r.pick(PRAISE)} ${r.pick(PRAISE)}`;
  if (overall === 3) return r.pick(MIXED);
  return r.pick(CRITICAL);
}

/** A host's text about a guest, matching its rating. */
export function guestReview(r: Prng, overall: number): string {
  return overall >= 3 ? r.pick(GUEST_PRAISE) : r.pick(GUEST_CRITICAL);
}

/** A host's reply. */
export function reply(r: Prng): string {
  return r.pick(REPLIES);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
