import { z } from 'zod';
import { MAX_FUNNEL_WINDOW_MS } from './funnel.ts';
import { EventMatcher, Instant, MAX_PATH_DEPTH } from './query.ts';

/**
 * The paths query (POST /api/analytics/paths) and its answer: what customers did after (or before) an
 * anchor event, as Sankey nodes and links and as a top-paths list. Semantics: docs/analytics.md#paths.
 */

export const MAX_PATH_EXCLUDES = 100;
export const MAX_TOP_PATHS = 100;
/** The terminal node of a path that ends before `depth`: nothing more after the anchor (start) … */
export const PATH_END = '(end)';
/** … or nothing more before it (end). */
export const PATH_START = '(start)';

export const PATH_EVENT_TYPES = ['all', 'pages', 'events'] as const;
export const PathEventTypes = z
  .enum(PATH_EVENT_TYPES)
  .describe('what a node is: pages = page views (by path) and screens (by name); events = track events (by name); all = both');
export type PathEventTypes = z.infer<typeof PathEventTypes>;

export const PathsQuery = z
  .object({
    start: EventMatcher.optional().describe("paths forward from each customer's first matching event in the period; give start or end"),
    end: EventMatcher.optional().describe("paths backward from each customer's first matching event in the period; give start or end"),
    depth: z.number().int().min(1).max(MAX_PATH_DEPTH).default(5).describe('nodes after (start) or before (end) the anchor'),
    eventTypes: PathEventTypes.default('all'),
    exclude: z.array(z.string().min(1).max(1000)).max(MAX_PATH_EXCLUDES).default([]).describe('node labels (page paths, screen or event names) left out before repeats are collapsed'),
    from: Instant.describe('period start (inclusive): anchors and nodes lie in [from, to)'),
    to: Instant.describe('period end (exclusive)'),
    windowMs: z.number().int().min(0).max(MAX_FUNNEL_WINDOW_MS).optional().describe('nodes at most this many ms from the anchor'),
    topPaths: z.number().int().min(1).max(MAX_TOP_PATHS).default(10).describe('how many of the most common paths to list'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!(q.from < q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'from must be before to' });
    if ((q.start === undefined) === (q.end === undefined)) ctx.addIssue({ code: 'custom', path: ['start'], message: 'give exactly one of start and end' });
  });
export type PathsQuery = z.infer<typeof PathsQuery>;
export type PathsQueryInput = z.input<typeof PathsQuery>;

const Count = z.number().int().nonnegative();
const Depth = z.number().int().min(0).max(MAX_PATH_DEPTH);

export const PathNode = z
  .object({
    depth: Depth.describe('0 is the anchor; d is the d-th node after (start) or before (end) it'),
    label: z.string().describe('page path, screen or event name; the anchor is labelled by its matcher; "(end)"/"(start)" where paths stop'),
    count: Count.describe('customers whose path has this label at this depth'),
  })
  .strict();
export type PathNode = z.infer<typeof PathNode>;

export const PathLink = z
  .object({
    depth: Depth.describe('depth of `from`; `to` is at depth + 1, one node further from the anchor'),
    from: z.string(),
    to: z.string(),
    count: Count,
  })
  .strict();
export type PathLink = z.infer<typeof PathLink>;

export const TopPath = z
  .object({
    labels: z.array(z.string()).describe('the path in time order, anchor included, terminal node not'),
    count: Count,
  })
  .strict();
export type TopPath = z.infer<typeof TopPath>;

export const PathsResult = z
  .object({
    direction: z.enum(['forward', 'backward']),
    customers: Count.describe('customers with an anchor event in the period: the anchor node count'),
    nodes: z.array(PathNode).describe('by depth, then count descending, then label'),
    links: z.array(PathLink).describe("by depth, then count descending, then from, then to; a node's outgoing links sum to its count below the last depth"),
    topPaths: z.array(TopPath).describe('by count descending, then labels in order'),
  })
  .strict();
export type PathsResult = z.infer<typeof PathsResult>;
