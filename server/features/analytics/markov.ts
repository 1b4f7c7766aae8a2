/**
 * The first-order Markov attribution model's numbers (docs/analytics.md#attribution), solved exactly:
 * P(conversion) from the start state and every channel's removal effect, from transition counts.
 *
 * States: 0 is start, 1 … n are the channels; conversion and null absorb. With Q the transient part
 * of the transition matrix and r the one-step conversion probabilities, x = (I − Q)⁻¹·r is the
 * probability of converting from each state, and G = (I − Q)⁻¹ the expected visits between states.
 *
 * Removing channel c (every transition into c goes to null) removes exactly the conversions that pass
 * through c: P − P₋c = P(reach c from start)·x[c], and P(reach c) = G[0][c] / G[c][c]. So one
 * inverse gives every removal effect, effect(c) = G[0][c]·x[c] / (G[c][c]·P), instead of a new
 * system per channel; and, a product of non-negative numbers rather than 1 − a ratio close to 1, it
 * does not lose small effects to cancellation. The reference solves one system per removal; both are
 * the same quantity, and the tests compare them within 1e-9.
 */

/** Transition counts between the states 0 (start) … n (channels), and into the absorbing states. */
export interface MarkovCounts {
  /** Number of channels; states are 0 … n. */
  n: number;
  /** (n + 1)² counts: transitions[from·(n + 1) + to]. */
  transitions: Float64Array;
  /** n + 1 counts of steps from a state into conversion, and into null. */
  toConversion: Float64Array;
  toNull: Float64Array;
}

export interface MarkovResult {
  /** P(conversion) from the start state. */
  probability: number;
  /** Per channel (index c − 1 for state c): 1 − P(conversion without c) / P(conversion), in [0, 1]; all 0 when P is 0. */
  removalEffects: Float64Array;
}

/**
 * Inverts A (size S×S, row-major) in place by Gauss-Jordan elimination without pivoting. Only for
 * I − Q of an absorbing chain: a non-singular M-matrix, whose pivots stay positive, so the result
 * does not depend on pivot choices (deterministic) and structural zeros stay exact zeros.
 */
function invertInPlace(A: Float64Array, S: number): void {
  for (let k = 0; k < S; k++) {
    const rowK = k * S;
    const inv = 1 / (A[rowK + k] as number);
    A[rowK + k] = 1;
    for (let j = 0; j < S; j++) A[rowK + j] = (A[rowK + j] as number) * inv;
    for (let i = 0; i < S; i++) {
      if (i === k) continue;
      const rowI = i * S;
      const f = A[rowI + k] as number;
      // Sparse chains: most rows have nothing in column k.
      if (f === 0) continue;
      A[rowI + k] = 0;
      for (let j = 0; j < S; j++) A[rowI + j] = (A[rowI + j] as number) - f * (A[rowK + j] as number);
    }
  }
}

/** P(conversion) and the removal effects of the chain the counts estimate. */
export function markovRemovalEffects(counts: MarkovCounts): MarkovResult {
  const { n, transitions, toConversion, toNull } = counts;
  const S = n + 1;
  const M = new Float64Array(S * S);
  const r = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let out = (toConversion[s] as number) + (toNull[s] as number);
    for (let t = 0; t < S; t++) out += transitions[s * S + t] as number;
    M[s * S + s] = 1;
    // A state never left (no paths through it) converts with probability 0: its row stays I's.
    if (out === 0) continue;
    for (let t = 0; t < S; t++) M[s * S + t] = (M[s * S + t] as number) - (transitions[s * S + t] as number) / out;
    r[s] = (toConversion[s] as number) / out;
  }
  invertInPlace(M, S);
  const x = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let sum = 0;
    for (let t = 0; t < S; t++) sum += (M[s * S + t] as number) * (r[t] as number);
    x[s] = sum;
  }
  const probability = x[0] as number;
  const removalEffects = new Float64Array(n);
  if (probability > 0) {
    for (let c = 1; c < S; c++) {
      const effect = ((M[c] as number) * (x[c] as number)) / ((M[c * S + c] as number) * probability);
      removalEffects[c - 1] = Math.min(1, Math.max(0, effect));
    }
  }
  return { probability: Math.min(1, Math.max(0, probability)), removalEffects };
}
