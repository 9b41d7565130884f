/**
 * The sealer's witnessing port (src/store/sealer/witnessing.ts) over the tlog-witness client
 * (src/audit/witness/submit.ts): each checkpoint goes to every configured witness at once with a
 * consistency proof from the size that witness last cosigned for the space, and the k-of-n policy
 * decides. The sizes witnesses cosigned are remembered per space in memory; after a restart they are
 * unknown, and a witness's 409 answer (text/x.tlog.size) tells the client the size to prove from.
 */
import { submitToWitnesses, type WitnessOutcome } from "../../audit/witness/submit.js";
import type { WitnessTransport } from "../../audit/witness/witness-transport.js";
import type { CheckpointWitnessing } from "../../store/sealer/witnessing.js";
import type { WitnessConfig } from "./witness-config.js";

/**
 * Witnessing for the sealer, from a server's configuration.
 *
 * @example startSealer({ db, signers, witnessing: sealerWitnessing(parseWitnessConfig(text, path)) })
 */
export function sealerWitnessing(
  config: WitnessConfig,
  transport?: WitnessTransport,
): CheckpointWitnessing {
  const cosignedSizes = new Map<string, Map<string, number>>();
  return {
    threshold: config.threshold,
    async cosign({ space, note, size, prove }) {
      const known = cosignedSizes.get(space) ?? new Map<string, number>();
      cosignedSizes.set(space, known);
      const result = await submitToWitnesses(note, config.witnesses, prove, {
        threshold: config.threshold,
        knownSizes: known,
        ...(transport === undefined ? {} : { transport }),
      });
      for (const outcome of result.outcomes) {
        if (outcome.kind === "cosigned") known.set(outcome.witness, size);
      }
      if (result.kind === "quorum") {
        return {
          kind: "quorum",
          note: result.checkpoint,
          cosigned: result.cosigned,
          threshold: config.threshold,
        };
      }
      return {
        kind: "no-quorum",
        cosigned: result.cosigned,
        threshold: config.threshold,
        reasons: result.outcomes.filter((o) => o.kind !== "cosigned").map(describe),
      };
    },
  };
}

function describe(outcome: WitnessOutcome): string {
  switch (outcome.kind) {
    case "cosigned":
      return `${outcome.witness} cosigned`;
    case "refused":
      return `${outcome.witness} refused: ${refusalOf(outcome.response)}`;
    case "failed":
      return `${outcome.witness} failed: ${outcome.error}`;
  }
}

function refusalOf(response: Extract<WitnessOutcome, { kind: "refused" }>["response"]): string {
  return "message" in response ? `${response.kind} (${response.message})` : response.kind;
}
