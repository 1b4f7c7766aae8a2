import { type ReactNode, useState } from 'react';
import type { Stats, Workspace } from '../../../common/api.ts';
import { CodeBlock } from '../components/CodeBlock.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { InlineCode } from '../components/InlineCode.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { type I18n, useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';

/** Everything a developer needs to send the first event: the write key and copyable examples. */
export function GetStartedPage() {
  const { t } = useI18n();
  const workspace = useResource<Workspace>('/api/workspace');

  return (
    <div className="page page-narrow">
      <PageHeader title={t('getStarted.title')} lead={t('getStarted.lead')} />
      <FirstEventStatus />
      {workspace.loading && <LoadingState rows={6} />}
      {workspace.error !== undefined && !workspace.data && <ErrorState error={workspace.error} onRetry={workspace.reload} />}
      {workspace.data && <Instructions workspace={workspace.data} />}
    </div>
  );
}

/** Polls the event count so the page itself confirms that the first event arrived. */
function FirstEventStatus() {
  const { t, tn } = useI18n();
  const stats = useResource<Stats>('/api/stats', { pollMs: 3000 });
  if (!stats.data) return null;
  const total = stats.data.totalEvents;
  if (total === 0) {
    return (
      <div className="callout callout-waiting" data-testid="first-event-status">
        <span className="pulse-dot" aria-hidden="true" />
        <div>
          <strong>{t('getStarted.waitingTitle')}</strong>
          <p>{t('getStarted.waitingLead')}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="callout callout-success" data-testid="first-event-status">
      <Icon name="check" size={20} />
      <div>
        <strong>{t('getStarted.receivedTitle')}</strong>
        <p>{tn('getStarted.receivedLead', total)}</p>
      </div>
      <Link to="/events" className="btn btn-primary btn-small">
        {t('getStarted.openLive')}
      </Link>
    </div>
  );
}

function Instructions({ workspace }: { workspace: Workspace }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState(0);
  const writeKey = workspace.writeKeys[chosen] ?? workspace.writeKeys[0];
  const ingestUrl = workspace.ingestUrl.replace(/\/+$/, '');

  if (!writeKey) {
    return (
      <div className="callout callout-warning">
        <Icon name="alert" size={20} />
        <p>
          <InlineCode text={t('getStarted.noWriteKey')} />
        </p>
      </div>
    );
  }

  const samples = codeSamples({ writeKey, ingestUrl, t });
  return (
    <>
      <section className="card">
        <h2 className="card-title">{t('getStarted.credentials')}</h2>
        <dl className="key-values">
          <div className="key-value">
            <dt>{t('getStarted.writeKeyLabel')}</dt>
            <dd>
              {workspace.writeKeys.length > 1 ? (
                <select value={chosen} onChange={(e) => setChosen(Number(e.target.value))} aria-label={t('getStarted.chooseKey')} className="mono">
                  {workspace.writeKeys.map((k, i) => (
                    <option key={k} value={i}>
                      {k}
                    </option>
                  ))}
                </select>
              ) : (
                <code className="secret" data-testid="write-key">
                  {writeKey}
                </code>
              )}
              <CopyButton text={writeKey} />
            </dd>
          </div>
          <div className="key-value">
            <dt>{t('getStarted.ingestUrlLabel')}</dt>
            <dd>
              <code className="secret">{ingestUrl}</code>
              <CopyButton text={ingestUrl} />
            </dd>
          </div>
        </dl>
        <p className="muted small">{t('getStarted.writeKeyNote')}</p>
      </section>

      <Step n={1} title={t('getStarted.browserTitle')} lead={t('getStarted.browserLead')}>
        <CodeBlock code={samples.snippet} language="HTML" testId="snippet-code" />
        <h3 className="step-subtitle">{t('getStarted.browserUsageTitle')}</h3>
        <p className="muted">{t('getStarted.browserUsageLead')}</p>
        <CodeBlock code={samples.browserUsage} language="JavaScript" />
      </Step>
      <Step n={2} title={t('getStarted.curlTitle')} lead={t('getStarted.curlLead')}>
        <CodeBlock code={samples.curl} language="Shell" testId="curl-code" />
      </Step>
      <Step n={3} title={t('getStarted.nodeTitle')} lead={t('getStarted.nodeLead')}>
        <CodeBlock code="npm install @segment/analytics-node" language="Shell" />
        <CodeBlock code={samples.node} language="JavaScript" testId="node-code" />
      </Step>
    </>
  );
}

function Step({ n, title, lead, children }: { n: number; title: string; lead: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="card step">
      <div className="step-header">
        <span className="step-number" aria-hidden="true">
          {n}
        </span>
        <div>
          <div className="step-eyebrow">{t('getStarted.step', { n: String(n) })}</div>
          <h2 className="card-title">{title}</h2>
        </div>
      </div>
      <p className="muted">{lead}</p>
      {children}
    </section>
  );
}

/** The examples, filled in with this workspace's key and URL. Code stays English; comments are translated. */
function codeSamples({ writeKey, ingestUrl, t }: { writeKey: string; ingestUrl: string; t: I18n['t'] }) {
  const js = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

  // The inline stub queues calls made before t.js arrives (server/features/snippet/README.md), so the
  // usage example below is safe wherever it runs; t.js sends to the origin it was loaded from.
  const snippet = [
    '<script>',
    '  window.kundresa = window.kundresa || [];',
    "  ['track', 'identify', 'page', 'reset', 'consent'].forEach(function (m) {",
    '    kundresa[m] = kundresa[m] || function () { kundresa.push([m].concat([].slice.call(arguments))); };',
    '  });',
    '</script>',
    `<script src="${attr(ingestUrl)}/t.js" data-write-key="${attr(writeKey)}" async></script>`,
  ].join('\n');

  const browserUsage = [
    `// ${t('getStarted.commentIdentify')}`,
    `window.kundresa.identify('user_123', { email: 'anna@example.com', name: 'Anna Lindqvist' });`,
    '',
    `// ${t('getStarted.commentTrack')}`,
    `window.kundresa.track('Product Added', { product_id: 'sku-42', price: 499, currency: 'SEK' });`,
    '',
    `// ${t('getStarted.commentPage')}`,
    `window.kundresa.page();`,
    '',
    `// ${t('getStarted.commentReset')}`,
    `window.kundresa.reset();`,
  ].join('\n');

  const curl = [
    `curl ${ingestUrl}/v1/track \\`,
    `  -u ${sh(`${writeKey}:`)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{`,
    `    "userId": "user_123",`,
    `    "event": "Order Completed",`,
    `    "properties": { "order_id": "1001", "revenue": 499, "currency": "SEK" }`,
    `  }'`,
  ].join('\n');

  const node = [
    `import { Analytics } from '@segment/analytics-node';`,
    '',
    `const analytics = new Analytics({ writeKey: ${js(writeKey)}, host: ${js(ingestUrl)} });`,
    '',
    `analytics.identify({ userId: 'user_123', traits: { email: 'anna@example.com', name: 'Anna Lindqvist' } });`,
    `analytics.track({`,
    `  userId: 'user_123',`,
    `  event: 'Order Completed',`,
    `  properties: { order_id: '1001', revenue: 499, currency: 'SEK' },`,
    `});`,
    '',
    `// ${t('getStarted.commentFlush')}`,
    `await analytics.closeAndFlush();`,
  ].join('\n');

  return { snippet, browserUsage, curl, node };
}
