import type { ReportKind } from '../../../common/analytics/api.ts';
import type { IconName } from '../components/Icon.tsx';
import type { MessageKey } from '../i18n/i18n-context.tsx';

/** What the explorer shows for each kind of report: icon, title and one line saying what it answers. */
export interface KindInfo {
  kind: ReportKind;
  icon: IconName;
  title: MessageKey;
  lead: MessageKey;
  /** "New funnel" and the like. */
  create: MessageKey;
}

const INFO: Record<ReportKind, Omit<KindInfo, 'kind'>> = {
  funnel: { icon: 'funnel', title: 'explore.funnel.title', lead: 'explore.funnel.lead', create: 'explore.funnel.new' },
  paths: { icon: 'paths', title: 'explore.paths.title', lead: 'explore.paths.lead', create: 'explore.paths.new' },
  retention: { icon: 'retention', title: 'explore.retention.title', lead: 'explore.retention.lead', create: 'explore.retention.new' },
  trends: { icon: 'trend', title: 'explore.trends.title', lead: 'explore.trends.lead', create: 'explore.trends.new' },
  sessions: { icon: 'sessions', title: 'explore.sessions.title', lead: 'explore.sessions.lead', create: 'explore.sessions.new' },
  attribution: { icon: 'attribution', title: 'explore.attribution.title', lead: 'explore.attribution.lead', create: 'explore.attribution.new' },
};

/** The kinds in the order the landing page and the navigation list them. */
export const EXPLORE_KINDS: KindInfo[] = (Object.keys(INFO) as ReportKind[]).map((kind) => ({ kind, ...INFO[kind] }));

export function kindInfo(kind: ReportKind): KindInfo {
  return { kind, ...INFO[kind] };
}

export function isReportKind(value: string): value is ReportKind {
  return Object.hasOwn(INFO, value);
}
