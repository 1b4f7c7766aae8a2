import { useId, useState } from 'react';
import type { Stage } from '../../../common/journeys/model.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { EmotionFace } from './EmotionFace.tsx';
import { EMOTIONS, emotionLook } from './emotion-scale.ts';

const COLUMN = 100; // SVG units per stage column; the SVG stretches to the real width
const TOP = 16; // y of +2, in percent of the height
const BOTTOM = 84; // y of −2

/** The y (in percent of the lane's height) of an emotion value. */
function levelY(value: number): number {
  return TOP + ((2 - value) / 4) * (BOTTOM - TOP);
}

/**
 * The emotion curve across the stages: one smooth line through each stage's designed emotion,
 * drawn under the stage columns (the points sit on the column centres), green above neutral and red
 * below. Each point is a face button that opens a −2…+2 picker.
 */
export function EmotionCurve({ stages, onChange }: { stages: Stage[]; onChange: (stage: Stage, emotion: number) => Promise<void> }) {
  const { t } = useI18n();
  const gradient = useId();
  const [picking, setPicking] = useState<string | null>(null);
  const n = stages.length;
  const points = stages.map((s, i) => ({ x: i * COLUMN + COLUMN / 2, y: levelY(s.emotion) }));
  const line = smoothPath(points);
  const zeroY = levelY(0);
  const first = points[0];
  const last = points[points.length - 1];
  const area = first && last ? `${line} L${last.x} ${zeroY} L${first.x} ${zeroY} Z` : '';

  return (
    <div className="emotion-track" data-testid="emotion-curve">
      <svg className="emotion-svg" viewBox={`0 0 ${n * COLUMN} 100`} preserveAspectRatio="none" aria-hidden="true">
        <defs>
          <linearGradient id={`${gradient}-stroke`} gradientUnits="userSpaceOnUse" x1="0" y1={TOP} x2="0" y2={BOTTOM}>
            <stop offset="0" stopColor={emotionLook(2).color} />
            <stop offset="0.5" stopColor="#adb5bd" />
            <stop offset="1" stopColor={emotionLook(-2).color} />
          </linearGradient>
          <linearGradient id={`${gradient}-fill`} gradientUnits="userSpaceOnUse" x1="0" y1={TOP} x2="0" y2={BOTTOM}>
            <stop offset="0" stopColor={emotionLook(2).color} stopOpacity="0.22" />
            <stop offset="0.5" stopColor={emotionLook(2).color} stopOpacity="0.04" />
            <stop offset="0.5" stopColor={emotionLook(-2).color} stopOpacity="0.04" />
            <stop offset="1" stopColor={emotionLook(-2).color} stopOpacity="0.22" />
          </linearGradient>
        </defs>
        {EMOTIONS.map((v) => (
          <line key={v} x1="0" x2={n * COLUMN} y1={levelY(v)} y2={levelY(v)} className={v === 0 ? 'emotion-zero' : 'emotion-guide'} vectorEffect="non-scaling-stroke" />
        ))}
        {stages.slice(1).map((s, i) => (
          <line key={s.id} x1={(i + 1) * COLUMN} x2={(i + 1) * COLUMN} y1="0" y2="100" className="emotion-column" vectorEffect="non-scaling-stroke" />
        ))}
        {area && <path d={area} fill={`url(#${gradient}-fill)`} />}
        {line && <path d={line} fill="none" stroke={`url(#${gradient}-stroke)`} strokeWidth="3" strokeLinecap="round" vectorEffect="non-scaling-stroke" />}
      </svg>
      {stages.map((s, i) => {
        const look = emotionLook(s.emotion);
        const open = picking === s.id;
        return (
          <div key={s.id} className="emotion-point" style={{ left: `${((i + 0.5) / n) * 100}%`, top: `${levelY(s.emotion)}%` }}>
            <button
              type="button"
              className="emotion-button"
              onClick={() => setPicking(open ? null : s.id)}
              aria-expanded={open}
              aria-label={t('emotion.pick', { stage: s.name, emotion: t(look.label) })}
              data-testid={`stage-${s.key}-emotion`}
              data-value={s.emotion}
            >
              <EmotionFace value={s.emotion} size={30} />
            </button>
            <span className="emotion-label" style={{ color: look.color }}>
              {t(look.label)}
            </span>
            {open && (
              <div className="emotion-picker" role="menu">
                {EMOTIONS.map((v) => (
                  <button
                    key={v}
                    type="button"
                    role="menuitemradio"
                    aria-checked={v === s.emotion}
                    className={`emotion-option${v === s.emotion ? ' is-selected' : ''}`}
                    title={t(emotionLook(v).label)}
                    aria-label={t(emotionLook(v).label)}
                    data-testid={`emotion-option-${v}`}
                    onClick={() => {
                      setPicking(null);
                      if (v !== s.emotion) void onChange(s, v).catch(() => undefined);
                    }}
                  >
                    <EmotionFace value={v} size={26} />
                  </button>
                ))}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

/**
 * A smooth curve through the points (Catmull-Rom turned into cubic Béziers). The control points are
 * kept within the neighbours' heights, so the line never overshoots past +2 or −2.
 */
function smoothPath(points: { x: number; y: number }[]): string {
  const [start] = points;
  if (!start) return '';
  let d = `M${start.x} ${start.y}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i];
    const p1 = points[i];
    const p2 = points[i + 1];
    const p3 = points[i + 2] ?? p2;
    if (!p0 || !p1 || !p2 || !p3) continue;
    const lo = Math.min(p1.y, p2.y);
    const hi = Math.max(p1.y, p2.y);
    const clamp = (y: number) => Math.max(lo, Math.min(hi, y));
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: clamp(p1.y + (p2.y - p0.y) / 6) };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: clamp(p2.y - (p3.y - p1.y) / 6) };
    d += ` C${c1.x} ${c1.y} ${c2.x} ${c2.y} ${p2.x} ${p2.y}`;
  }
  return d;
}
