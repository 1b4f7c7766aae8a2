import { emotionLook } from './emotion-scale.ts';

/** A drawn face for an emotion value: the mouth curves from a frown (−2) to a broad smile (+2). */
export function EmotionFace({ value, size = 28 }: { value: number; size?: number }) {
  const look = emotionLook(value);
  const curve = 15 + value * 2;
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="emotion-face">
      <circle cx="12" cy="12" r="10.5" fill={look.soft} stroke={look.color} strokeWidth="1.6" />
      <circle cx="8.6" cy="9.6" r="1.25" fill={look.color} />
      <circle cx="15.4" cy="9.6" r="1.25" fill={look.color} />
      <path d={`M7.6 ${value < 0 ? 16.2 : 14.4} Q12 ${value < 0 ? curve + 0.4 : curve} 16.4 ${value < 0 ? 16.2 : 14.4}`} fill="none" stroke={look.color} strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
