/**
 * Sending a form: its pending state, the answer or the refusal, and one Idempotency-Key per filled-in
 * form, kept only when the request got no answer (the network failed: the server may have written it)
 * and renewed after any answer, so a submission the network lost and the person sends again is written
 * once, and a corrected form after a refusal is a new request.
 */
import { useCallback, useRef, useState } from "react";
import { newIdempotencyKey } from "../api/client.js";
import { ApiError } from "../api/problem.js";

/** Where a submission stands. */
export type Submission<T> =
  | { readonly state: "idle" }
  | { readonly state: "pending" }
  | { readonly state: "done"; readonly value: T }
  | { readonly state: "error"; readonly error: Error };

/**
 * A submit function for `send`, which receives the form's Idempotency-Key.
 *
 * @example const [submission, submit] = useSubmit((key) => postReview(space, body, token, key))
 */
export function useSubmit<T>(
  send: (idempotencyKey: string) => Promise<T>,
  onDone?: (value: T) => void,
): [Submission<T>, () => Promise<void>, () => void] {
  const [submission, setSubmission] = useState<Submission<T>>({ state: "idle" });
  const key = useRef(newIdempotencyKey());
  const submit = useCallback(async () => {
    setSubmission({ state: "pending" });
    try {
      const value = await send(key.current);
      key.current = newIdempotencyKey();
      setSubmission({ state: "done", value });
      onDone?.(value);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 0)) key.current = newIdempotencyKey();
      setSubmission({ state: "error", error: e instanceof Error ? e : new Error(String(e)) });
    }
  }, [send, onDone]);
  const reset = useCallback(() => setSubmission({ state: "idle" }), []);
  return [submission, submit, reset];
}
