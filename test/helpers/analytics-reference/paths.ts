import { matcherName } from '../../../common/analytics/funnel.ts';
import { PATH_END, PATH_START, PathsQuery } from '../../../common/analytics/paths.ts';
import type { PathLink, PathNode, PathsQueryInput, PathsResult, TopPath } from '../../../common/analytics/paths.ts';
import { STAGE_ENTERED } from '../../../common/analytics/query.ts';
import type { Call } from '../journey-reference.ts';
import { analyticsCustomers, eventMatches, inPeriod, pagePathOf } from './events.ts';
import type { AnalyticsCustomer, RefEvent } from './events.ts';

/**
 * The plain reference for paths (docs/analytics.md#paths): each customer's one path from their first
 * anchor event, then counted into Sankey nodes and links and a top-paths list.
 */

/** What a call is as a path node: a page by its path (else name), a screen by name, a track event by name; null for anything else. */
export function nodeLabel(call: Call): string | null {
  if (call.type === 'page') return pagePathOf(call) ?? (call.name || '(page)');
  if (call.type === 'screen') return call.name || '(screen)';
  if (call.type === 'track') return call.event === STAGE_ENTERED ? null : call.event || '(event)';
  return null;
}

function isNodeType(call: Call, eventTypes: PathsQuery['eventTypes']): boolean {
  if (call.type === 'page' || call.type === 'screen') return eventTypes !== 'events';
  if (call.type === 'track') return eventTypes !== 'pages';
  return false;
}

/** A customer's path: the node labels away from the anchor (at most `depth`), or null without an anchor. */
export function customerPath(q: PathsQuery, c: AnalyticsCustomer): string[] | null {
  const matcher = q.start ?? q.end;
  if (matcher === undefined) return null;
  const events = c.events.filter((e) => inPeriod(q, e.t));
  const a = events.findIndex((e) => eventMatches(matcher, e.call));
  if (a < 0) return null;
  const anchor = events[a] as RefEvent;
  // Away from the anchor: later events for start, earlier ones (nearest first) for end.
  const away = q.start !== undefined ? events.slice(a + 1) : events.slice(0, a).reverse();
  const path: string[] = [];
  let previous = nodeLabel(anchor.call);
  for (const e of away) {
    if (path.length === q.depth) break;
    if (q.windowMs !== undefined && Math.abs(e.t - anchor.t) > q.windowMs) break;
    const label = nodeLabel(e.call);
    if (label === null || !isNodeType(e.call, q.eventTypes) || q.exclude.includes(label)) continue;
    if (label === previous) continue; // a repeat collapses into the node before it
    path.push(label);
    previous = label;
  }
  return path;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Label sequences compared element by element; a prefix comes first. */
function compareLabels(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareText(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** The paths answer over the calls, as POST /api/analytics/paths must give it. */
export function referencePaths(input: PathsQueryInput, calls: Call[]): PathsResult {
  const q = PathsQuery.parse(input);
  const forward = q.start !== undefined;
  const anchorLabel = matcherName((q.start ?? q.end) as NonNullable<PathsQuery['start']>);
  const terminal = forward ? PATH_END : PATH_START;

  const paths: string[][] = [];
  for (const c of analyticsCustomers(calls)) {
    const path = customerPath(q, c);
    if (path !== null) paths.push(path);
  }

  const nodeCounts = new Map<string, PathNode>();
  const linkCounts = new Map<string, PathLink>();
  const addNode = (depth: number, label: string) => {
    const key = JSON.stringify([depth, label]);
    const node = nodeCounts.get(key) ?? { depth, label, count: 0 };
    node.count++;
    nodeCounts.set(key, node);
  };
  const addLink = (depth: number, from: string, to: string) => {
    const key = JSON.stringify([depth, from, to]);
    const link = linkCounts.get(key) ?? { depth, from, to, count: 0 };
    link.count++;
    linkCounts.set(key, link);
  };
  for (const path of paths) {
    // The anchor, its nodes, and a terminal node when the path stops before `depth`, so that every
    // node above the last depth passes all its customers on.
    const labels = [anchorLabel, ...path];
    if (path.length < q.depth) labels.push(terminal);
    labels.forEach((label, d) => {
      addNode(d, label);
      if (d > 0) addLink(d - 1, labels[d - 1] as string, label);
    });
  }

  const nodes = [...nodeCounts.values()].sort((a, b) => a.depth - b.depth || b.count - a.count || compareText(a.label, b.label));
  const links = [...linkCounts.values()].sort((a, b) => a.depth - b.depth || b.count - a.count || compareText(a.from, b.from) || compareText(a.to, b.to));

  const perPath = new Map<string, TopPath>();
  for (const path of paths) {
    const labels = forward ? [anchorLabel, ...path] : [...path].reverse().concat(anchorLabel);
    const key = JSON.stringify(labels);
    const top = perPath.get(key) ?? { labels, count: 0 };
    top.count++;
    perPath.set(key, top);
  }
  const topPaths = [...perPath.values()].sort((a, b) => b.count - a.count || compareLabels(a.labels, b.labels)).slice(0, q.topPaths);

  return { direction: forward ? 'forward' : 'backward', customers: paths.length, nodes, links, topPaths };
}
