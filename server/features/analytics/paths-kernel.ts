import { matcherName } from '../../../common/analytics/funnel.ts';
import { PATH_END, PATH_START } from '../../../common/analytics/paths.ts';
import type { PathLink, PathNode, PathsQuery, PathsResult, TopPath } from '../../../common/analytics/paths.ts';
import { STAGE_ENTERED } from '../../../common/analytics/query.ts';
import { type CustomerEvents, PAGE, SCREEN, TRACK } from './customer-events.ts';
import { codesOf, compareText, grownInt32, topK, TripleIndex } from './kernel-tools.ts';

/**
 * The paths kernel (docs/analytics.md#paths). One pass customer by customer finds the first anchor
 * event in the period and walks away from it, labelling events by integer ids into a small buffer; the
 * whole path is then counted as one key (PathCounter: partitioned by hash, deduplicated per partition
 * in a cache-sized table), not node by node in a trie, whose probes would be cache misses. Sankey
 * nodes, links and top paths come from the distinct paths afterwards, weighted by their counts.
 *
 * Labels are dictionary codes: a page's path, else its name, else "(page)"; a screen's name, else
 * "(screen)"; a track event's name, else "(event)" (test/helpers/analytics-reference/paths.ts,
 * `nodeLabel`). Equal codes mean equal texts because the dictionary holds each text once; the texts the
 * kernel adds ("(page)", "(end)", …) take the dictionary's code when the data has the same text, so a
 * track event called "(end)" and the terminal node are one label, as in the reference.
 *
 * Stage entries are recognised from the columns: a track event named `Journey Stage Entered` is never
 * a node (docs/analytics.md, common rules). The service need not pass anything for them.
 */

export interface PathsKernelInput {
  /** Per event position: non-zero when the event matches the query's anchor matcher (`start` or `end`). */
  readonly anchorMask: Uint8Array | Uint32Array;
}

/** The paths answer over the columns, exactly as the reference gives it. `q` is the parsed query. */
export function pathsKernel(ev: CustomerEvents, input: PathsKernelInput, q: PathsQuery): PathsResult {
  const matcher = q.start ?? q.end;
  if (matcher === undefined) throw new Error('paths: give start or end');
  const forward = q.start !== undefined;
  const direction = forward ? 'forward' : 'backward';
  const anchorText = matcherName(matcher);
  const depth = q.depth;

  // Label codes: the dictionary's, then the kernel's own texts right after it (unless the dictionary
  // has them already), then the anchor, whose label only ever shows at depth 0.
  const L = ev.strings.length;
  const own = ['(page)', '(screen)', '(event)', forward ? PATH_END : PATH_START];
  const found = codesOf(ev.strings, [...own, '', STAGE_ENTERED, ...q.exclude]);
  const code = (k: number) => found[k] as number;
  const ownCode = (k: number) => (code(k) >= 0 ? code(k) : L + k);
  const ANCHOR = L + own.length;
  const textOf = (c: number): string => (c === ANCHOR ? anchorText : c < L ? (ev.strings[c] as string) : (own[c - L] as string));
  // Excluded labels by code, looked up once: the dictionary's codes of the excluded texts, and the
  // kernel's own texts when excluded and not in the dictionary.
  const excluded = new Uint8Array(ANCHOR + 1);
  for (let k = own.length + 2; k < found.length; k++) if (code(k) >= 0) excluded[code(k)] = 1;
  own.forEach((text, k) => {
    if (q.exclude.includes(text)) excluded[ownCode(k)] = 1;
  });
  const rules: LabelRules = {
    page: ownCode(0),
    screen: ownCode(1),
    event: ownCode(2),
    // -2 when absent: -1 is "no name", which must not look like either.
    empty: code(4) >= 0 ? code(4) : -2,
    stage: code(5) >= 0 ? code(5) : -2,
    pagesToo: q.eventTypes !== 'events',
    eventsToo: q.eventTypes !== 'pages',
    excluded,
  };
  // Dense label ids, handed out as labels are first seen: the anchor is 0, the terminal node 1.
  const ids = new LabelIds(ANCHOR + 1);
  const anchorId = ids.of(ANCHOR);
  const terminalId = ids.of(ownCode(3));

  const paths = new PathCounter(depth, ev.offsets.length - 1);
  const customers = walkPaths(ev, input.anchorMask, q, rules, ids, paths);
  paths.finish();
  if (customers === 0) return { direction, customers: 0, nodes: [], links: [], topPaths: [] };
  const labelText = (id: number) => textOf(ids.codes[id] as number);

  const { nodeCounts, links: linkCounts } = countNodesAndLinks(paths, ids.count, anchorId, terminalId, customers);
  const n = ids.count;
  const nodes: PathNode[] = [];
  for (let k = 0; k < nodeCounts.length; k++) {
    const count = nodeCounts[k] as number;
    if (count > 0) nodes.push({ depth: Math.floor(k / n), label: labelText(k % n), count });
  }
  nodes.sort((x, y) => x.depth - y.depth || y.count - x.count || compareText(x.label, y.label));
  const links: PathLink[] = [];
  linkCounts.forEach((d, from, to, count) => links.push({ depth: d, from: labelText(from), to: labelText(to), count }));
  links.sort((x, y) => x.depth - y.depth || y.count - x.count || compareText(x.from, y.from) || compareText(x.to, y.to));

  // Top paths: by customers, then the labels in time order, compared by each label's rank in the
  // code-unit order of the texts (equal texts, e.g. the anchor's and a node's, share a rank), so no
  // strings are compared per path.
  const order = ids.codes.map((_, id) => id).sort((x, y) => compareText(labelText(x), labelText(y)));
  const rank = new Int32Array(n);
  order.forEach((id, k) => {
    const previous = order[k - 1];
    rank[id] = k === 0 || previous === undefined ? 0 : (rank[previous] as number) + (labelText(id) === labelText(previous) ? 0 : 1);
  });
  const bufX = new Int32Array(depth + 1);
  const bufY = new Int32Array(depth + 1);
  // A distinct path as ranks in time order: the anchor first going forward, last going backward
  // (stored labels run away from the anchor, so backward reads them in reverse). Returns the length.
  const timeOrder = (p: number, out: Int32Array): number => {
    const len = paths.lengths[p] as number;
    const base = p * depth;
    const anchor = rank[anchorId] as number;
    if (forward) {
      out[0] = anchor;
      for (let d = 0; d < len; d++) out[d + 1] = rank[paths.labels[base + d] as number] as number;
    } else {
      for (let d = 0; d < len; d++) out[d] = rank[paths.labels[base + len - 1 - d] as number] as number;
      out[len] = anchor;
    }
    return len + 1;
  };
  const better = (x: number, y: number): number => {
    const byCount = (paths.counts[y] as number) - (paths.counts[x] as number);
    if (byCount !== 0) return byCount;
    const lx = timeOrder(x, bufX);
    const ly = timeOrder(y, bufY);
    for (let k = 0; k < lx && k < ly; k++) if (bufX[k] !== bufY[k]) return (bufX[k] as number) - (bufY[k] as number);
    return lx - ly;
  };
  const topPaths: TopPath[] = topK(paths.size, q.topPaths, () => true, better).map((p) => {
    const len = paths.lengths[p] as number;
    const labels: string[] = [];
    for (let d = 0; d < len; d++) labels.push(labelText(paths.labels[p * depth + d] as number));
    if (forward) labels.unshift(anchorText);
    else labels.reverse().push(anchorText);
    return { labels, count: paths.counts[p] as number };
  });

  return { direction, customers, nodes, links, topPaths };
}

/** How events become labels in one query (codes as in pathsKernel). */
interface LabelRules {
  page: number;
  screen: number;
  event: number;
  empty: number;
  stage: number;
  pagesToo: boolean;
  eventsToo: boolean;
  excluded: Uint8Array;
}

// Imported bindings can be getters once transpiled; the hot loops read module constants.
const T_PAGE = PAGE;
const T_SCREEN = SCREEN;
const T_TRACK = TRACK;

/** An event's label code whatever the query's filters (-1: never a node), as nodeLabel in the reference. */
function labelOf(ev: CustomerEvents, j: number, rules: LabelRules): number {
  const ty = ev.type[j] as number;
  const nm = ev.name[j] as number;
  if (ty === T_PAGE) {
    const p = ev.path[j] as number;
    return p >= 0 ? p : nm >= 0 && nm !== rules.empty ? nm : rules.page;
  }
  if (ty === T_SCREEN) return nm >= 0 && nm !== rules.empty ? nm : rules.screen;
  if (ty === T_TRACK) return nm === rules.stage ? -1 : nm >= 0 && nm !== rules.empty ? nm : rules.event;
  return -1;
}

/** An event's label code as a node of this query (event types and excludes applied), -1 when it is none. */
function nodeLabelOf(ev: CustomerEvents, j: number, rules: LabelRules): number {
  const ty = ev.type[j] as number;
  if (ty === T_TRACK ? !rules.eventsToo : !rules.pagesToo) return -1;
  const label = labelOf(ev, j, rules);
  return label >= 0 && rules.excluded[label] === 1 ? -1 : label;
}

/**
 * The pass over the customers: each one's first anchor in the period and the label ids away from it,
 * counted into `paths`. Returns the number of customers with an anchor. A plain function with no
 * closures, so V8 inlines the label functions and keeps its optimised loop from query to query.
 */
function walkPaths(ev: CustomerEvents, anchorMask: Uint8Array | Uint32Array, q: PathsQuery, rules: LabelRules, ids: LabelIds, paths: PathCounter): number {
  const { offsets, ts } = ev;
  const from = q.from;
  const to = q.to;
  const windowMs = q.windowMs ?? Infinity;
  const depth = q.depth;
  const forward = q.start !== undefined;
  const buf = new Int32Array(depth);
  const nCustomers = offsets.length - 1;
  let customers = 0;
  for (let c = 0; c < nCustomers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    while (i < hi && (ts[i] as number) < from) i++;
    const first = i;
    let a = -1;
    for (; i < hi && (ts[i] as number) < to; i++) {
      if (anchorMask[i] !== 0) {
        a = i;
        break;
      }
    }
    if (a < 0) continue;
    customers++;
    const at = ts[a] as number;
    // A repeat of the anchor's own label collapses into it (compared as codes: the anchor's own
    // label need not be a node of this query).
    let previous = labelOf(ev, a, rules);
    let k = 0;
    if (forward) {
      for (let j = a + 1; j < hi && k < depth; j++) {
        const t = ts[j] as number;
        if (t >= to || t - at > windowMs) break;
        const label = nodeLabelOf(ev, j, rules);
        if (label < 0 || label === previous) continue;
        buf[k++] = ids.of(label);
        previous = label;
      }
    } else {
      for (let j = a - 1; j >= first && k < depth; j--) {
        if (at - (ts[j] as number) > windowMs) break;
        const label = nodeLabelOf(ev, j, rules);
        if (label < 0 || label === previous) continue;
        buf[k++] = ids.of(label);
        previous = label;
      }
    }
    paths.add(buf, k);
  }
  return customers;
}

/** Dense ids 0, 1, 2, … for the label codes met, in order of first sight. */
class LabelIds {
  private readonly idOfCode: Int32Array;
  /** The label code of each id. */
  readonly codes: number[] = [];

  constructor(codeCount: number) {
    this.idOfCode = new Int32Array(codeCount).fill(-1);
  }

  get count(): number {
    return this.codes.length;
  }

  of(code: number): number {
    let id = this.idOfCode[code] as number;
    if (id < 0) {
      id = this.codes.push(code) - 1;
      this.idOfCode[code] = id;
    }
    return id;
  }
}

/**
 * Customers per distinct path (up to `depth` label ids each). A hash table of all distinct paths is
 * as large as the customers at worst (a million paths: megabytes probed at random, a cache miss per
 * customer), so paths are first appended, by the top bits of their hash, to one of up to 256
 * partitions (a sequential write), and `finish` then counts each partition with a table small enough
 * to stay in cache. This is radix-partitioned hash aggregation, as columnar databases do it.
 */
class PathCounter {
  /** After `finish`: the distinct paths, their customers, lengths and labels (`depth` slots each). */
  size = 0;
  counts = new Int32Array(0);
  lengths = new Uint8Array(0);
  labels = new Int32Array(0);

  private readonly stride: number;
  private readonly partitions: number;
  /** Per partition: records of (hash, length, labels…), `stride` ints each. */
  private readonly records: Int32Array<ArrayBuffer>[];
  private readonly used: Int32Array;

  /** `expected`: an upper bound of the paths to come (the customers), to size the partitions. */
  constructor(
    readonly depth: number,
    expected: number,
  ) {
    this.stride = depth + 2;
    let partitions = 1;
    while (partitions < 256 && partitions * 8192 < expected) partitions *= 2;
    this.partitions = partitions;
    this.records = Array.from({ length: partitions }, () => new Int32Array(1024 * this.stride));
    this.used = new Int32Array(partitions);
  }

  /** Counts one customer on the path buf[0 … len). */
  add(buf: Int32Array, len: number): void {
    let h = Math.imul(len + 1, 0x9e3779b1);
    for (let k = 0; k < len; k++) {
      h = Math.imul(h ^ (buf[k] as number), 0x85ebca6b);
      h ^= h >>> 13;
    }
    h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
    h ^= h >>> 16;
    // The top byte picks the partition; the low bits place the path in its partition's table.
    const p = (h >>> 24) & (this.partitions - 1);
    let records = this.records[p] as Int32Array<ArrayBuffer>;
    const at = this.used[p] as number;
    if (at + this.stride > records.length) {
      records = grownInt32(records, at + this.stride);
      this.records[p] = records;
    }
    records[at] = h;
    records[at + 1] = len;
    for (let k = 0; k < len; k++) records[at + 2 + k] = buf[k] as number;
    this.used[p] = at + this.stride;
  }

  /** Dedups the partitions into the distinct paths. */
  finish(): void {
    const { depth, stride } = this;
    let total = 0;
    let largest = 0;
    for (let p = 0; p < this.partitions; p++) {
      const n = (this.used[p] as number) / stride;
      total += n;
      largest = Math.max(largest, n);
    }
    let slots = 16;
    while (slots < largest * 2) slots *= 2;
    const table = new Int32Array(slots); // distinct id + 1 within the partition's run; 0: empty
    const counts = new Int32Array(total);
    const lengths = new Uint8Array(total);
    const labels = new Int32Array(total * depth);
    const hashes = new Int32Array(total);
    let size = 0;
    for (let p = 0; p < this.partitions; p++) {
      const records = this.records[p] as Int32Array;
      const end = this.used[p] as number;
      // A table fitted to the partition: at most half full.
      let mask = 15;
      while (mask + 1 < (end / stride) * 2) mask = mask * 2 + 1;
      table.fill(0, 0, mask + 1);
      for (let at = 0; at < end; at += stride) {
        const h = records[at] as number;
        const len = records[at + 1] as number;
        let slot = h & mask;
        let id = -1;
        for (;;) {
          const stored = table[slot] as number;
          if (stored === 0) break;
          const d = stored - 1;
          if (hashes[d] === h && lengths[d] === len && sameLabels(labels, d * depth, records, at + 2, len)) {
            id = d;
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (id < 0) {
          id = size++;
          table[slot] = id + 1;
          hashes[id] = h;
          lengths[id] = len;
          for (let k = 0; k < len; k++) labels[id * depth + k] = records[at + 2 + k] as number;
        }
        counts[id] = (counts[id] as number) + 1;
      }
      this.records[p] = new Int32Array(0); // done with it
    }
    this.size = size;
    this.counts = counts;
    this.lengths = lengths;
    this.labels = labels;
  }
}

function sameLabels(a: Int32Array, from: number, b: Int32Array, at: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (a[from + k] !== b[at + k]) return false;
  return true;
}

/** Link counts by (depth, from id, to id): a dense array while depth × labels² is small, else a hash. */
class LinkCounts {
  private readonly dense: Int32Array | null;
  private readonly ids: TripleIndex | null;
  private sparse = new Int32Array(0);

  constructor(
    private readonly depth: number,
    private readonly n: number,
  ) {
    const cells = depth * n * n;
    this.dense = cells <= DENSE_LINKS_MAX ? new Int32Array(cells) : null;
    this.ids = this.dense ? null : new TripleIndex(4096);
  }

  add(d: number, from: number, to: number, w: number): void {
    if (this.dense) {
      const k = (d * this.n + from) * this.n + to;
      this.dense[k] = (this.dense[k] as number) + w;
    } else if (this.ids) {
      const id = this.ids.id(d, from, to);
      this.sparse = grownInt32(this.sparse, id + 1);
      this.sparse[id] = (this.sparse[id] as number) + w;
    }
  }

  /** Every link with a count, in no particular order. */
  forEach(f: (d: number, from: number, to: number, count: number) => void): void {
    const n = this.n;
    if (this.dense) {
      for (let k = 0; k < this.dense.length; k++) {
        const count = this.dense[k] as number;
        if (count > 0) f(Math.floor(k / (n * n)), Math.floor(k / n) % n, k % n, count);
      }
    } else if (this.ids) {
      for (let id = 0; id < this.ids.size; id++) f(this.ids.a[id] as number, this.ids.b[id] as number, this.ids.c[id] as number, this.sparse[id] as number);
    }
  }
}

/** Links are counted in a dense (depth, from, to) array up to this many cells, else in a hash. */
export const DENSE_LINKS_MAX = 1 << 22;

/**
 * Sankey counts from the distinct paths, each adding its customers: nodes by (depth, label id) in a
 * dense array, links by (depth, from, to), and a terminal node where a path ends before `depth`.
 */
function countNodesAndLinks(paths: PathCounter, n: number, anchorId: number, terminalId: number, customers: number): { nodeCounts: Int32Array; links: LinkCounts } {
  const depth = paths.depth;
  const nodeCounts = new Int32Array((depth + 1) * n);
  const links = new LinkCounts(depth, n);
  nodeCounts[anchorId] = customers;
  const { counts, lengths, labels } = paths;
  for (let p = 0; p < paths.size; p++) {
    const w = counts[p] as number;
    const len = lengths[p] as number;
    const base = p * depth;
    let from = anchorId;
    for (let d = 1; d <= len; d++) {
      const to = labels[base + d - 1] as number;
      nodeCounts[d * n + to] = (nodeCounts[d * n + to] as number) + w;
      links.add(d - 1, from, to, w);
      from = to;
    }
    if (len < depth) {
      nodeCounts[(len + 1) * n + terminalId] = (nodeCounts[(len + 1) * n + terminalId] as number) + w;
      links.add(len, from, terminalId, w);
    }
  }
  return { nodeCounts, links };
}
