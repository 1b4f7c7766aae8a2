import type { EventItem } from '../../../common/api.ts';
import type { CallType } from '../../../common/segment.ts';
import type { I18n, MessageKey } from '../i18n/i18n-context.tsx';

/** The Segment call types, in the order the type filter lists them. */
export const CALL_TYPES: readonly CallType[] = ['track', 'identify', 'page', 'screen', 'group', 'alias'];

const TYPE_LABELS: Record<CallType, MessageKey> = {
  track: 'event.type.track',
  identify: 'event.type.identify',
  page: 'event.type.page',
  screen: 'event.type.screen',
  group: 'event.type.group',
  alias: 'event.type.alias',
};

/** Narrows the API's plain-string type to a known call type. */
export function callType(type: string): CallType | null {
  return (CALL_TYPES as readonly string[]).includes(type) ? (type as CallType) : null;
}

/** The translated label of an event type ("Page view", "Sidvisning"). */
export function typeLabel(type: string, t: I18n['t']): string {
  const known = callType(type);
  return t(known ? TYPE_LABELS[known] : 'event.type.other');
}

/** The one line that says what happened: the event name for tracks, the page for page views, and so on. */
export function eventTitle(e: EventItem, t: I18n['t']): string {
  switch (e.type) {
    case 'track':
      return e.event ?? t('event.type.track');
    case 'page':
      return e.name ?? str(e.properties.title) ?? str(e.properties.path) ?? t('event.pageUntitled');
    case 'screen':
      return e.name ?? t('event.screenUntitled');
    case 'identify': {
      const who = str(e.traits.email) ?? str(e.traits.name) ?? e.userId;
      return who ? t('event.identifyAs', { who }) : t('event.identifyTitle');
    }
    case 'group':
      return t('event.groupTitle', { groupId: e.groupId ?? '' });
    case 'alias':
      return t('event.aliasTitle', { previousId: e.previousId ?? '', userId: e.userId ?? '' });
    default:
      return e.event ?? e.name ?? typeLabel(e.type, t);
  }
}

/** A short secondary line: the page path or a few headline properties. */
export function eventDetail(e: EventItem): string | null {
  if (e.type === 'page') return str(e.properties.path) ?? str(e.properties.url) ?? null;
  const props = e.type === 'identify' || e.type === 'group' ? e.traits : e.properties;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (v === null || typeof v === 'object') continue;
    parts.push(`${k}: ${String(v)}`);
    if (parts.length === 3) break;
  }
  return parts.length ? parts.join(' · ') : null;
}

/** Where the event came from, guessed from what the SDK put in its context. */
export function eventChannel(e: EventItem): 'web' | 'app' | 'server' {
  const ctx = e.context;
  if (e.type === 'screen' || isObject(ctx.app) || isObject(ctx.device)) return 'app';
  if (e.type === 'page' || isObject(ctx.page) || typeof ctx.userAgent === 'string') return 'web';
  return 'server';
}

/** The id people recognise a customer by in a list: their user id, else the anonymous id. */
export function eventWho(e: EventItem): string {
  return e.userId ?? e.anonymousId ?? e.profileId;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null;
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}
