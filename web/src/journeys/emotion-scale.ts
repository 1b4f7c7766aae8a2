import type { MessageKey } from '../i18n/i18n-context.tsx';

/** The designed emotion scale of a stage, −2 … +2, as Smaply and UXPressia draw it. */
export const EMOTIONS = [2, 1, 0, -1, -2] as const;
export type EmotionValue = (typeof EMOTIONS)[number];

const LOOK: Record<EmotionValue, { color: string; soft: string; label: MessageKey }> = {
  2: { color: '#2b8a3e', soft: '#d3f9d8', label: 'emotion.2' },
  1: { color: '#5c940d', soft: '#e9fac8', label: 'emotion.1' },
  0: { color: '#868e96', soft: '#f1f3f5', label: 'emotion.0' },
  [-1]: { color: '#e8590c', soft: '#ffe8cc', label: 'emotion.-1' },
  [-2]: { color: '#c92a2a', soft: '#ffe3e3', label: 'emotion.-2' },
};

/** Colour, soft fill and label key of an emotion value (clamped to the scale). */
export function emotionLook(value: number) {
  const v = Math.max(-2, Math.min(2, Math.round(value))) as EmotionValue;
  return LOOK[v];
}
