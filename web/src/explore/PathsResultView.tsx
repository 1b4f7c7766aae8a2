import { useMemo } from 'react';
import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { PathsResult } from '../../../common/analytics/paths.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { escapeHtml, ExploreChart, type ExploreChartOption, TOOLTIP_STYLE } from './ExploreChart.tsx';
import { seriesColor } from './explore-format.ts';
import { matcherLabel } from './explore-labels.ts';
import type { PathsDraft } from './explore-queries.ts';

/** Nodes shown per column of the Sankey; the rest of a column is drawn as one "other" node. */
const NODES_PER_DEPTH = 8;
const TERMINALS = new Set(['(end)', '(start)']);

interface Flow {
  nodes: { id: string; depth: number; label: string; count: number }[];
  links: { source: string; target: string; value: number }[];
}

/**
 * The Sankey's nodes and links: the largest nodes of each depth by themselves, the rest merged into
 * one "other" node per depth (so a site with hundreds of pages still reads), links summed accordingly.
 * Backward paths are drawn with time flowing left to right: the anchor on the right.
 */
function flow(result: PathsResult, otherLabel: string, anchorLabel: string): Flow {
  const kept = new Map<number, Set<string>>();
  for (const n of result.nodes) {
    const set = kept.get(n.depth) ?? new Set<string>();
    if (set.size < NODES_PER_DEPTH || TERMINALS.has(n.label)) set.add(n.label);
    kept.set(n.depth, set);
  }
  // The anchor node is named in the reader's language; the API names it in English.
  const id = (depth: number, label: string) => `${depth}\u0001${depth === 0 ? anchorLabel : kept.get(depth)?.has(label) ? label : otherLabel}`;
  const nodes = new Map<string, Flow['nodes'][number]>();
  for (const n of result.nodes) {
    const key = id(n.depth, n.label);
    const node = nodes.get(key) ?? { id: key, depth: n.depth, label: nodeLabel(key), count: 0 };
    node.count += n.count;
    nodes.set(key, node);
  }
  const links = new Map<string, Flow['links'][number]>();
  const backward = result.direction === 'backward';
  for (const l of result.links) {
    const near = id(l.depth, l.from);
    const far = id(l.depth + 1, l.to);
    const [source, target] = backward ? [far, near] : [near, far];
    const key = `${source}\u0002${target}`;
    const link = links.get(key) ?? { source, target, value: 0 };
    link.value += l.count;
    links.set(key, link);
  }
  return { nodes: [...nodes.values()], links: [...links.values()] };
}

/** A node's label: its id without the depth in front. */
function nodeLabel(id: string): string {
  return id.slice(id.indexOf('\u0001') + 1);
}

/** Paths: a Sankey of where customers went (or came from), and the most common whole paths. */
export function PathsResultView({ result, query, schema }: { result: PathsResult; query: PathsDraft; schema: AnalyticsSchema }) {
  const { t, tn, formatNumber, formatPercent } = useI18n();
  const otherLabel = t('explore.paths.other');
  const anchor = query.start ?? query.end;
  const anchorLabel = anchor ? matcherLabel(anchor, t, schema) : '';
  const data = useMemo(() => flow(result, otherLabel, anchorLabel), [result, otherLabel, anchorLabel]);
  const depths = Math.max(0, ...data.nodes.map((n) => n.depth)) + 1;
  const tallest = Math.max(1, ...Array.from({ length: depths }, (_, d) => data.nodes.filter((n) => n.depth === d).length));
  const backward = result.direction === 'backward';

  const option = useMemo<ExploreChartOption>(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'item',
        ...TOOLTIP_STYLE,
        formatter: (p) => {
          const params = Array.isArray(p) ? p[0] : p;
          if (!params) return '';
          if (params.dataType === 'edge') {
            const d = params.data as { source: string; target: string; value: number };
            return `${escapeHtml(nodeLabel(d.source))} → ${escapeHtml(nodeLabel(d.target))}<br/><strong>${escapeHtml(tn('customers.total', d.value))}</strong>`;
          }
          return `${escapeHtml(nodeLabel(params.name))}<br/><strong>${escapeHtml(tn('customers.total', Number(params.value)))}</strong>`;
        },
      },
      series: [
        {
          type: 'sankey',
          left: 4,
          right: 4,
          top: 8,
          bottom: 8,
          nodeWidth: 12,
          nodeGap: 10,
          nodeAlign: backward ? 'right' : 'left',
          layoutIterations: 32,
          draggable: false,
          emphasis: { focus: 'adjacency' },
          labelLayout: { hideOverlap: true },
          data: data.nodes.map((n) => ({
            name: n.id,
            value: n.count,
            depth: backward ? depths - 1 - n.depth : n.depth,
            // The last column's labels go inside, or they would run off the chart.
            ...((backward ? n.depth === 0 : n.depth === depths - 1) ? { label: { position: 'left' as const } } : {}),
            itemStyle: { color: n.depth === 0 ? '#3b5bdb' : TERMINALS.has(n.label) ? '#adb5bd' : n.label === otherLabel ? '#ced4da' : seriesColor((n.depth % 6) + 1) },
          })),
          links: data.links,
          lineStyle: { color: 'gradient', opacity: 0.28, curveness: 0.5 },
          label: {
            color: '#1b2130',
            fontSize: 11,
            width: 150,
            overflow: 'truncate',
            formatter: (p) => `${nodeLabel(p.name)}  ${formatNumber(Number(p.value))}`,
          },
        },
      ],
    }),
    [data, depths, backward, otherLabel, tn, formatNumber],
  );

  if (result.customers === 0) {
    return (
      <div className="card">
        <EmptyState title={t('explore.paths.noneTitle')} lead={t('explore.paths.noneLead')} icon="paths" />
      </div>
    );
  }

  return (
    <div className="explore-answer-body">
      <div className="card">
        <div className="card-head">
          <h2 className="card-title">{backward ? t('explore.paths.sankeyBackward') : t('explore.paths.sankeyForward')}</h2>
          <span className="muted small" data-testid="paths-customers">
            {tn('explore.paths.customers', result.customers)}
          </span>
        </div>
        <div className="chart-scroll">
          <ExploreChart option={option} height={Math.max(320, Math.min(900, tallest * 46))} label={t('explore.paths.sankeyLabel')} testId="paths-sankey" />
        </div>
      </div>
      <div className="card">
        <h2 className="card-title">{t('explore.paths.topTitle')}</h2>
        {result.topPaths.length === 0 ? (
          <p className="muted">{t('explore.paths.noTop')}</p>
        ) : (
          <ol className="top-paths" data-testid="top-paths">
            {result.topPaths.map((p, i) => (
              <li key={i} className="top-path">
                <span className="top-path-rank">{i + 1}</span>
                <span className="top-path-labels">
                  {p.labels.map((label, j) => {
                    const isAnchor = backward ? j === p.labels.length - 1 : j === 0;
                    return (
                      <span key={j} className="top-path-step">
                        {j > 0 && <Icon name="right" size={12} />}
                        <span className={`path-chip${isAnchor ? ' is-anchor' : ''}`}>{isAnchor ? anchorLabel : label}</span>
                      </span>
                    );
                  })}
                </span>
                <span className="top-path-count">
                  <strong>{formatNumber(p.count)}</strong>
                  <span className="share-bar">
                    <span style={{ width: `${Math.round((p.count / result.customers) * 100)}%` }} />
                    <em>{formatPercent(p.count / result.customers, { digits: 1 })}</em>
                  </span>
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
