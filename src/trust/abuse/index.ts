/** Abuse patterns over reviews and alerts: retaliation, blackmail, report brigades. */
export * from "./blackmail.js";
export * from "./brigade.js";
export * from "./facts.js";
export * from "./retaliation.js";
