import { useState } from 'react';

/**
 * Stable React keys for an editable list without ids (funnel steps, trend series), so moving or
 * removing a row does not hand one row's local input state to another. Call the returned editors
 * alongside the change to the list itself.
 */
export function useRowKeys(length: number) {
  const [state, setState] = useState(() => ({ keys: Array.from({ length }, (_, i) => i), next: length }));
  // A list replaced from outside (another length) falls back to positions.
  const keys = state.keys.length === length ? state.keys : Array.from({ length }, (_, i) => i);
  return {
    keys,
    add: () => setState({ keys: [...keys, state.next], next: state.next + 1 }),
    remove: (i: number) => setState({ keys: keys.filter((_, j) => j !== i), next: state.next }),
    move: (from: number, to: number) => setState({ keys: moved(keys, from, to), next: state.next }),
  };
}

/** `list` with the item at `from` moved to `to`. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}
