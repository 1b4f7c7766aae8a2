import { matcherName } from '../../../common/analytics/funnel.ts';
import { PATH_END, PATH_START } from '../../../common/analytics/paths.ts';
import type { PathLink, PathNode, PathsQuery, PathsResult, TopPath } from '../../../common/analytics/paths.ts';
import { STAGE_ENTERED } from '../../../common/analytics/query.ts';
import { type CustomerEvents, PAGE, SCREEN, TRACK } from './customer-events.ts';
import { codesOf, compareText, grownInt32, topK, TripleIndex } from './kernel-tools.ts';

/**
 * The paths kernel (docs/analytics.md#paths): one pass customer by customer finds the first anchor
 * event in the period and walks away from it, labelling events by codes, then files the path into a
 * trie (prefix → child by (parent, label)). Sankey nodes, links and top paths all come from the trie
 * afterwards, so the per-customer work is a few typed-array reads and one hash probe per node.
 *
 * Labels are dictionary codes: a page's path, else its name, else "(page)"; a screen's name, else
 * "(screen)"; a track event's name, else "(event)" (test/helpers/analytics-reference/paths.ts,
 * `nodeLabel`). Equal codes mean equal texts because the dictionary holds each text once; the texts the
 * kernel adds ("(page)", "(end)", …) take the dictionary's code when the data has the same text.
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
  const anchorText = matcherName(matcher);

  // Label codes: the dictionary's, then the kernel's own texts right after it (unless the dictionary
  // has them already), then the anchor, whose label only ever shows at depth 0.
  const L = ev.strings.length;
  const terminalText = forward ? PATH_END : PATH_START;
  const own = ['(page)', '(screen)', '(event)', terminalText];
  const found = codesOf(ev.strings, [...own, '', STAGE_ENTERED]);
  const ownCode = (k: number) => (found[k] as number) >= 0 ? (found[k] as number) : L + k;
  const PAGE_LABEL = ownCode(0);
  const SCREEN_LABEL = ownCode(1);
  const EVENT_LABEL = ownCode(2);
  const TERMINAL = ownCode(3);
  const ANCHOR = L + own.length;
  // -2 when absent: -1 is "no name", which must not look like either.
  const EMPTY = (found[4] as number) >= 0 ? (found[4] as number) : -2;
  const STAGE = (found[5] as number) >= 0 ? (found[5] as number) : -2;
  const textOf = (code: number): string => (code === ANCHOR ? anchorText : code < L ? (ev.strings[code] as string) : (own[code - L] as string));

  const pagesToo = q.eventTypes !== 'events';
  const eventsToo = q.eventTypes !== 'pages';
  const excludeSet = new Set(q.exclude);
  // Per label code, whether it is excluded: 0 not yet looked at, 1 kept, 2 excluded (one string
  // lookup per distinct label, not per event).
  const excludeState = new Uint8Array(excludeSet.size > 0 ? ANCHOR + 1 : 0);
  const windowMs = q.windowMs ?? Infinity;
  const depth = q.depth;
  const { offsets, ts, type, name, path } = ev;
  const anchorMask = input.anchorMask;

  // An event's label whatever the query's filters (-1: never a node), as nodeLabel in the reference.
  const labelOf = (j: number): number => {
    const ty = type[j] as number;
    const nm = name[j] as number;
    if (ty === PAGE) {
      const p = path[j] as number;
      return p >= 0 ? p : nm >= 0 && nm !== EMPTY ? nm : PAGE_LABEL;
    }
    if (ty === SCREEN) return nm >= 0 && nm !== EMPTY ? nm : SCREEN_LABEL;
    if (ty === TRACK) return nm === STAGE ? -1 : nm >= 0 && nm !== EMPTY ? nm : EVENT_LABEL;
    return -1;
  };
  // An event's label as a node of this query: event types and excludes applied.
  const nodeLabelOf = (j: number): number => {
    const ty = type[j] as number;
    if (ty === TRACK ? !eventsToo : ty === PAGE || ty === SCREEN ? !pagesToo : true) return -1;
    const label = labelOf(j);
    if (label < 0 || excludeState.length === 0) return label;
    let state = excludeState[label] as number;
    if (state === 0) {
      state = excludeSet.has(textOf(label)) ? 2 : 1;
      excludeState[label] = state;
    }
    return state === 2 ? -1 : label;
  };

  // The trie: node 0 is the anchor; node n > 0 is (parent, label) = (trie.a[n − 1], trie.b[n − 1]).
  const trie = new TripleIndex(1 << 12);
  let ends = new Int32Array(1 << 12); // customers whose path ends at the node
  let customers = 0;
  const nCustomers = offsets.length - 1;
  for (let c = 0; c < nCustomers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    while (i < hi && (ts[i] as number) < q.from) i++;
    const first = i;
    let a = -1;
    for (; i < hi && (ts[i] as number) < q.to; i++) {
      if (anchorMask[i] !== 0) {
        a = i;
        break;
      }
    }
    if (a < 0) continue;
    customers++;
    const at = ts[a] as number;
    let previous = labelOf(a); // a repeat of the anchor's own label collapses into it
    let node = 0;
    let k = 0;
    if (forward) {
      for (let j = a + 1; j < hi && k < depth; j++) {
        const t = ts[j] as number;
        if (t >= q.to || t - at > windowMs) break;
        const label = nodeLabelOf(j);
        if (label < 0 || label === previous) continue;
        node = trie.id(node, label, 0) + 1;
        previous = label;
        k++;
      }
    } else {
      for (let j = a - 1; j >= first && k < depth; j--) {
        if (at - (ts[j] as number) > windowMs) break;
        const label = nodeLabelOf(j);
        if (label < 0 || label === previous) continue;
        node = trie.id(node, label, 0) + 1;
        previous = label;
        k++;
      }
    }
    if (node >= ends.length) ends = grownInt32(ends, node + 1);
    ends[node] = (ends[node] as number) + 1;
  }
  const direction = forward ? 'forward' : 'backward';
  if (customers === 0) return { direction, customers: 0, nodes: [], links: [], topPaths: [] };

  // Customers through each trie node: children come after their parents, so one backward sweep adds
  // every node's count into its parent.
  const size = trie.size + 1;
  const parent = (n: number) => (trie.a[n - 1] as number);
  const labelAt = (n: number) => (n === 0 ? ANCHOR : (trie.b[n - 1] as number));
  const through = new Int32Array(size);
  through.set(ends.subarray(0, size));
  for (let n = size - 1; n > 0; n--) through[parent(n)] = (through[parent(n)] as number) + (through[n] as number);
  const nodeDepth = new Uint8Array(size);
  for (let n = 1; n < size; n++) nodeDepth[n] = (nodeDepth[parent(n)] as number) + 1;

  // Sankey nodes (depth, label) and links (depth, from, to): few, so aggregated by code into small
  // indexes; terminal nodes where paths end before `depth`.
  const nodeIds = new TripleIndex();
  let nodeCounts = new Int32Array(256);
  const linkIds = new TripleIndex();
  let linkCounts = new Int32Array(256);
  const addNode = (d: number, label: number, count: number) => {
    const id = nodeIds.id(d, label, 0);
    nodeCounts = grownInt32(nodeCounts, id + 1);
    nodeCounts[id] = (nodeCounts[id] as number) + count;
  };
  const addLink = (d: number, from: number, to: number, count: number) => {
    const id = linkIds.id(d, from, to);
    linkCounts = grownInt32(linkCounts, id + 1);
    linkCounts[id] = (linkCounts[id] as number) + count;
  };
  addNode(0, ANCHOR, customers);
  for (let n = 0; n < size; n++) {
    const d = nodeDepth[n] as number;
    const label = labelAt(n);
    if (n > 0) {
      addNode(d, label, through[n] as number);
      addLink(d - 1, labelAt(parent(n)), label, through[n] as number);
    }
    const e = ends[n] as number;
    if (e > 0 && d < depth) {
      addNode(d + 1, TERMINAL, e);
      addLink(d, label, TERMINAL, e);
    }
  }
  const nodes: PathNode[] = [];
  for (let id = 0; id < nodeIds.size; id++) nodes.push({ depth: nodeIds.a[id] as number, label: textOf(nodeIds.b[id] as number), count: nodeCounts[id] as number });
  nodes.sort((x, y) => x.depth - y.depth || y.count - x.count || compareText(x.label, y.label));
  const links: PathLink[] = [];
  for (let id = 0; id < linkIds.size; id++) {
    links.push({ depth: linkIds.a[id] as number, from: textOf(linkIds.b[id] as number), to: textOf(linkIds.c[id] as number), count: linkCounts[id] as number });
  }
  links.sort((x, y) => x.depth - y.depth || y.count - x.count || compareText(x.from, y.from) || compareText(x.to, y.to));

  // Top paths: trie nodes where paths end, by customers, then labels in time order compared by rank
  // (each label's place in code-unit order, the anchor's text included), so no strings are compared.
  const rank = labelRanks(size, labelAt, ANCHOR, textOf);
  const bufX = new Int32Array(depth + 1);
  const bufY = new Int32Array(depth + 1);
  // The path ending at node n as label ranks in time order; returns its length.
  const timeOrder = (n: number, buf: Int32Array): number => {
    const len = (nodeDepth[n] as number) + 1;
    // Walking up gives the labels away-from-anchor last first: that is time order backward, and the
    // reverse of it forward.
    for (let k = 0, m = n; k < len; k++, m = m === 0 ? 0 : parent(m)) buf[forward ? len - 1 - k : k] = rank[labelAt(m)] as number;
    return len;
  };
  const better = (x: number, y: number): number => {
    const byCount = (ends[y] as number) - (ends[x] as number);
    if (byCount !== 0) return byCount;
    const lx = timeOrder(x, bufX);
    const ly = timeOrder(y, bufY);
    for (let k = 0; k < lx && k < ly; k++) if (bufX[k] !== bufY[k]) return (bufX[k] as number) - (bufY[k] as number);
    return lx - ly;
  };
  const topPaths: TopPath[] = topK(size, q.topPaths, (n) => (ends[n] as number) > 0, better).map((n) => {
    const labels: string[] = [];
    for (let m = n; ; m = parent(m)) {
      labels.push(textOf(labelAt(m)));
      if (m === 0) break;
    }
    if (forward) labels.reverse();
    return { labels, count: ends[n] as number };
  });

  return { direction, customers, nodes, links, topPaths };
}

/**
 * Each label code on the trie (and the anchor) → its rank in code-unit order of the texts; equal texts
 * share a rank. Sorts the distinct labels only (a few hundred, usually), not the paths.
 */
function labelRanks(size: number, labelAt: (n: number) => number, anchor: number, textOf: (code: number) => string): Int32Array {
  const seen = new Uint8Array(anchor + 1);
  const codes = [anchor];
  seen[anchor] = 1;
  for (let n = 1; n < size; n++) {
    const code = labelAt(n);
    if (seen[code] === 0) {
      seen[code] = 1;
      codes.push(code);
    }
  }
  codes.sort((x, y) => compareText(textOf(x), textOf(y)));
  const rank = new Int32Array(anchor + 1);
  let r = 0;
  codes.forEach((code, k) => {
    if (k > 0 && textOf(code) !== textOf(codes[k - 1] as number)) r++;
    rank[code] = r;
  });
  return rank;
}
