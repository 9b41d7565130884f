import { describe, expect, it } from "vitest";
import { groupCommit } from "../../../src/store/space/group-commit.js";

/** A runner that records each batch and answers `key:call` per call, after a tick. */
function recordingRunner(fail?: (calls: readonly number[]) => boolean) {
  const batches: { key: string; calls: number[] }[] = [];
  const run = async (key: string, calls: readonly number[]) => {
    batches.push({ key, calls: [...calls] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (fail?.(calls)) throw new Error("disk full");
    return calls.map((c) => `${key}:${c}`);
  };
  return { batches, run };
}

describe("group commit", () => {
  it("runs a lone call at once, alone", async () => {
    const { batches, run } = recordingRunner();
    const submit = groupCommit(run, 100);
    expect(await submit("a", 1)).toBe("a:1");
    expect(batches).toEqual([{ key: "a", calls: [1] }]);
  });

  it("groups the calls that arrive while a batch runs, in arrival order, each with its own result", async () => {
    const { batches, run } = recordingRunner();
    const submit = groupCommit(run, 100);
    const first = submit("a", 1);
    await new Promise((resolve) => setImmediate(resolve)); // the batch of 1 has started
    const results = await Promise.all([first, ...[2, 3, 4, 5].map((c) => submit("a", c))]);
    expect(results).toEqual(["a:1", "a:2", "a:3", "a:4", "a:5"]);
    expect(batches).toEqual([
      { key: "a", calls: [1] },
      { key: "a", calls: [2, 3, 4, 5] },
    ]);
  });

  it("lets the calls of the same event-loop turn, and of the I/O callbacks already due, join the first", async () => {
    const { batches, run } = recordingRunner();
    const submit = groupCommit(run, 100);
    // An I/O callback already queued when the first call arrives runs before the batch starts, as
    // the other requests read in the same poll phase do.
    const late = new Promise<string>((resolve) => setImmediate(() => resolve(submit("a", 3))));
    const results = await Promise.all([submit("a", 1), submit("a", 2), late]);
    expect(results).toEqual(["a:1", "a:2", "a:3"]);
    expect(batches).toEqual([{ key: "a", calls: [1, 2, 3] }]);
  });

  it("caps batches at the maximum size", async () => {
    const { batches, run } = recordingRunner();
    const submit = groupCommit(run, 2);
    await Promise.all([1, 2, 3, 4, 5, 6].map((c) => submit("a", c)));
    expect(batches.map((b) => b.calls)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it("keeps keys apart", async () => {
    const { batches, run } = recordingRunner();
    const submit = groupCommit(run, 100);
    expect(await Promise.all([submit("a", 1), submit("b", 2), submit("a", 3)])).toEqual([
      "a:1",
      "b:2",
      "a:3",
    ]);
    expect(batches).toEqual([
      { key: "a", calls: [1, 3] },
      { key: "b", calls: [2] },
    ]);
  });

  it("gives a thrown error to every caller of that batch only, and goes on", async () => {
    const { run } = recordingRunner((calls) => calls.includes(3));
    const submit = groupCommit(run, 100);
    const first = submit("a", 1);
    await new Promise((resolve) => setImmediate(resolve));
    const outcomes = await Promise.allSettled([first, ...[2, 3].map((c) => submit("a", c))]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(await submit("a", 4)).toBe("a:4");
  });
});
