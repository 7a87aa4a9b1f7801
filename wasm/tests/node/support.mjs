// What the Node suites (test/*.test.mjs) share: the rejection check and the attempt counter.
import assert from "node:assert/strict";
import { EvoVoiceError } from "evovoice";

/**
 * Awaits `promise`, which must reject with an EvoVoiceError (a real Error with a useful message,
 * no panic text); runs `check` on it and returns it.
 */
export async function fails(promise, check = () => {}) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof EvoVoiceError, `not an EvoVoiceError: ${typeof e} ${e}`);
    assert.ok(e instanceof Error);
    assert.ok(e.message && e.message.trim().toLowerCase() !== "error", "a useful message");
    assert.doesNotMatch(e.message, /unreachable|panicked|RuntimeError/);
    check(e);
    return e;
  }
  assert.fail("expected a rejection");
}

let keys = 0;
/** A key no other test (or earlier run against the same emulator) uses. */
export const key = () => `node-${process.pid}-${Date.now()}-${keys++}`;

/**
 * How many requests one failing call made, counted with the emulator's `times=N` under a fresh
 * key: the fault is applied to the first `times` requests, and a call that failed made n attempts
 * exactly when a following single-attempt call is faulted for n < times and served for
 * n = times. `call(text, once)` makes the call with fault `text` (`once`: with maxRetries 0).
 * Tries times = 1..5; -times when the call made fewer, Infinity when it never failed.
 */
export async function countAttempts(fault, call) {
  for (let times = 1; times <= 5; times++) {
    const text = `${fault}; times=${times}; key=${key()}`;
    try {
      await call(text, false);
      continue; // it got through: `times` was used up by its retries
    } catch (e) {
      assert.ok(e instanceof EvoVoiceError);
    }
    try {
      await call(text, true);
      return times; // the fault was used up: the failing call made exactly `times` attempts
    } catch {
      return -times; // the failing call made fewer than `times` attempts
    }
  }
  return Infinity;
}
