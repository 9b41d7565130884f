/**
 * The cross-fitted protocol of the Bitcoin Alpha evaluation (bench/eval/fraud-alpha-crossfit.ts): the
 * folds split each class in two, and every user is scored by the procedure fitted on the other fold,
 * so a procedure that only memorises its training labels scores at chance.
 */
import { describe, expect, it } from "vitest";
import {
  crossFit,
  type Procedure,
  stratifiedHalves,
} from "../../../bench/eval/fraud-alpha-crossfit.js";

const users = Array.from({ length: 41 }, (_, i) => 3 * i + 1);
const label = (u: number) => u % 2 === 0;

describe("stratifiedHalves", () => {
  it("partitions the users and splits each class in two", () => {
    for (const seed of [1, 2, 2018]) {
      const [a, b] = stratifiedHalves(users, label, seed);
      expect([...a, ...b].sort((x, y) => x - y)).toEqual(users);
      for (const cls of [true, false]) {
        const count = users.filter((u) => label(u) === cls).length;
        expect(a.filter((u) => label(u) === cls).length).toBe(count >> 1);
      }
    }
    expect(stratifiedHalves(users, label, 1)).not.toEqual(stratifiedHalves(users, label, 2));
  });
});

describe("crossFit", () => {
  it("scores each user with the procedure fitted on the other fold only", () => {
    // Knows its training users' labels exactly and nothing else.
    const memoriser: Procedure = {
      method: "memoriser",
      fit(train, lab) {
        const known = new Map(train.map((u) => [u, lab(u) ? 1 : 0]));
        return { score: (u) => known.get(u) ?? 0.5, choice: `${train.length} users` };
      },
    };
    const r = crossFit(memoriser, stratifiedHalves(users, label, 7), users, label);
    expect(r.auc).toBe(0.5);
    expect(r.foldMeanAuc).toBe(0.5);
    expect(r.choices).toHaveLength(2);
  });

  it("pools the out-of-fold scores into one AUC over all users", () => {
    const perfect: Procedure = {
      method: "perfect",
      fit: () => ({ score: (u) => (label(u) ? 1 : 0), choice: "(fixed)" }),
    };
    const r = crossFit(perfect, stratifiedHalves(users, label, 3), users, label);
    expect(r.auc).toBe(1);
    expect(r.ap).toBe(1);
  });
});
