import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Journey, JourneyList, VersionDiff } from '../common/journeys/api.ts';
import type { JourneyExport } from '../common/journeys/model.ts';
import { startTestServer, type TestServer, testEngines } from './helpers/server.ts';

/** The journey API: templates, editing each part of the draft, versions, export and import, errors. */
describe.each(testEngines())('journey API on %s', (engine) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ engine });
  });
  afterAll(() => t?.close());

  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(t.url + path, { method, headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
  };

  it('creates journeys from the three templates in three languages', async () => {
    const five = await t.api<Journey>('/api/journeys', { method: 'POST', body: JSON.stringify({ template: 'five-phase', locale: 'en' }) });
    expect(five.status).toBe('draft');
    expect(five.publishedVersion).toBeNull();
    expect(five.definition.stages.map((s) => s.key)).toEqual(['awareness', 'consideration', 'purchase', 'retention', 'advocacy']);
    const sv = await t.api<Journey>('/api/journeys', { method: 'POST', body: JSON.stringify({ template: 'seven-phase', locale: 'sv' }) });
    expect(sv.definition.stages).toHaveLength(7);
    expect(sv.locale).toBe('sv');
    const da = await t.api<Journey>('/api/journeys', { method: 'POST', body: JSON.stringify({ template: 'four-phase', locale: 'da', name: 'Kunderejsen' }) });
    expect(da.name).toBe('Kunderejsen');
    expect(da.definition.stages.map((s) => s.key)).toEqual(['awareness', 'engagement', 'conversion', 'retention']);
    const { templates } = await t.api<{ templates: { name: string; stageNames: string[] }[] }>('/api/journey-templates?locale=sv');
    expect(templates.map((x) => x.name)).toEqual(['seven-phase', 'five-phase', 'four-phase']);
    expect(templates.find((x) => x.name === 'seven-phase')?.stageNames).toEqual(sv.definition.stages.map((s) => s.name));
    const list = await t.api<JourneyList>('/api/journeys');
    expect(list.journeys.map((j) => j.id).sort()).toEqual([five.id, sv.id, da.id].sort());
  });

  it('edits stages, touchpoints, personas and messages in place, and publishes versions with a diff', async () => {
    let j = await t.api<Journey>('/api/journeys', { method: 'POST', body: JSON.stringify({ name: 'Blank' }) });
    expect((await send('POST', `/api/journeys/${j.id}/publish`)).body.error?.code).toBe('empty_journey');
    j = await t.api<Journey>(`/api/journeys/${j.id}/stages`, { method: 'POST', body: JSON.stringify({ key: 'visit', name: 'Visit' }) });
    j = await t.api<Journey>(`/api/journeys/${j.id}/stages`, { method: 'POST', body: JSON.stringify({ key: 'buy', name: 'Buy', emotion: 2, painPoints: ['Shipping cost'] }) });
    j = await t.api<Journey>(`/api/journeys/${j.id}/stages`, { method: 'POST', body: JSON.stringify({ key: 'browse', name: 'Browse', index: 1 }) });
    expect(j.definition.stages.map((s) => s.key)).toEqual(['visit', 'browse', 'buy']);
    const [visit, browse, buy] = j.definition.stages;
    if (!visit || !browse || !buy) throw new Error('stages missing');
    // Rename and move.
    j = await t.api<Journey>(`/api/journeys/${j.id}/stages/${buy.id}`, { method: 'PATCH', body: JSON.stringify({ name: 'Purchase', index: 0 }) });
    expect(j.definition.stages.map((s) => s.name)).toEqual(['Purchase', 'Visit', 'Browse']);
    // Fields left out of a PATCH keep their values.
    expect(j.definition.stages[0]).toMatchObject({ emotion: 2, painPoints: ['Shipping cost'] });
    j = await t.api<Journey>(`/api/journeys/${j.id}/stages/${buy.id}`, { method: 'PATCH', body: JSON.stringify({ index: 2 }) });
    expect(j.definition.stages.map((s) => s.key)).toEqual(['visit', 'browse', 'buy']);
    // Touchpoints: the kind follows the channel unless given.
    j = await t.api<Journey>(`/api/journeys/${j.id}/stages/${visit.id}/touchpoints`, { method: 'POST', body: JSON.stringify({ name: 'Any visit', channel: 'web', rule: { type: 'page' } }) });
    j = await t.api<Journey>(`/api/journeys/${j.id}/stages/${buy.id}/touchpoints`, { method: 'POST', body: JSON.stringify({ name: 'Till', channel: 'store', rule: { type: 'track', events: ['Order Completed'], where: [{ path: 'properties.channel', op: 'eq', value: 'store' }] } }) });
    const till = j.definition.stages[2]?.touchpoints[0];
    expect(till).toMatchObject({ name: 'Till', kind: 'physical' });
    if (!till) throw new Error('touchpoint missing');
    j = await t.api<Journey>(`/api/journeys/${j.id}/touchpoints/${till.id}`, { method: 'PATCH', body: JSON.stringify({ stageId: browse.id, rule: { type: 'track', events: ['Store Visited'] } }) });
    expect(j.definition.stages[1]?.touchpoints.map((x) => x.rule.events)).toEqual([['Store Visited']]);
    expect(j.definition.stages[2]?.touchpoints).toEqual([]);
    // Personas and messages.
    j = await t.api<Journey>(`/api/journeys/${j.id}/personas`, { method: 'POST', body: JSON.stringify({ name: 'B2B buyer', rule: { traits: [{ path: 'traits.company', op: 'exists' }] } }) });
    j = await t.api<Journey>(`/api/journeys/${j.id}/messages`, { method: 'POST', body: JSON.stringify({ stageId: buy.id, name: 'Order confirmation', kind: 'email', channel: 'email', timing: 'At once' }) });
    const persona = j.definition.personas[0];
    const message = j.definition.messages[0];
    if (!persona || !message) throw new Error('persona or message missing');
    j = await t.api<Journey>(`/api/journeys/${j.id}/personas/${persona.id}`, { method: 'PATCH', body: JSON.stringify({ goals: ['Invoice payment'] }) });
    expect(j.definition.personas[0]?.goals).toEqual(['Invoice payment']);
    expect(j.definition.personas[0]?.rule.traits).toHaveLength(1);

    const published = await t.api<{ version: number; recompute: { state: string } }>(`/api/journeys/${j.id}/publish`, { method: 'POST' });
    expect(published.version).toBe(1);
    j = await t.api<Journey>(`/api/journeys/${j.id}`);
    expect(j).toMatchObject({ status: 'published', publishedVersion: 1, hasUnpublishedChanges: false });

    // Deleting a stage takes its messages with it; the published version stays as it was.
    j = await t.api<Journey>(`/api/journeys/${j.id}/stages/${buy.id}`, { method: 'DELETE' });
    expect(j.definition.messages).toEqual([]);
    expect(j.hasUnpublishedChanges).toBe(true);
    const v1 = await t.api<{ definition: Journey['definition'] }>(`/api/journeys/${j.id}/versions/1`);
    expect(v1.definition.stages).toHaveLength(3);
    const draftDiff = await t.api<VersionDiff>(`/api/journeys/${j.id}/diff?from=1`);
    expect(draftDiff.changes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'removed', entity: 'stage', name: 'Purchase' }), expect.objectContaining({ kind: 'removed', entity: 'message' })]));
    await t.api(`/api/journeys/${j.id}/publish`, { method: 'POST' });
    const diff = await t.api<VersionDiff>(`/api/journeys/${j.id}/diff?from=1&to=2`);
    expect(diff.changes.filter((c) => c.entity === 'stage')).toEqual([expect.objectContaining({ kind: 'removed', name: 'Purchase' })]);
  });

  it('exports a map as JSON and imports it as a new draft', async () => {
    const src = await t.api<Journey>('/api/journeys', { method: 'POST', body: JSON.stringify({ template: 'five-phase', locale: 'sv' }) });
    const exported = await t.api<JourneyExport>(`/api/journeys/${src.id}/export`);
    expect(exported.format).toBe('kundresa.journey/v1');
    const imported = await t.api<Journey>('/api/journeys', { method: 'POST', body: JSON.stringify({ name: `${exported.name} (kopia)`, locale: 'sv', definition: exported.definition }) });
    expect(imported.id).not.toBe(src.id);
    expect(imported.definition).toEqual(src.definition);
  });

  it('refuses invalid maps with the field named, unknown ids with 404, and requests without the admin token', async () => {
    const j = await t.api<Journey>('/api/journeys', { method: 'POST', body: JSON.stringify({ template: 'five-phase', locale: 'en' }) });
    const dupKey = await send('POST', `/api/journeys/${j.id}/stages`, { key: 'awareness', name: 'Again' });
    expect(dupKey.status).toBe(400);
    expect(dupKey.body.error?.message).toContain('stage key awareness appears twice');
    const badRule = await send('POST', `/api/journeys/${j.id}/stages/${j.definition.stages[0]?.id}/touchpoints`, { name: 'X', channel: 'web', rule: { where: [{ path: 'revenue', op: 'gt', value: 'lots' }] } });
    expect(badRule.status).toBe(400);
    expect(badRule.body.error?.message).toMatch(/rule\.where\.0\.path/);
    // Every problem is listed, so a form can mark each field.
    expect((badRule.body.error as { details?: { issues?: { path: string }[] } }).details?.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['rule.where.0.path', 'rule.where.0.value']));
    const badEmotion = await send('PATCH', `/api/journeys/${j.id}/stages/${j.definition.stages[0]?.id}`, { emotion: 5 });
    expect(badEmotion.status).toBe(400);
    const badImport = await send('POST', '/api/journeys', { name: 'Import', definition: { stages: [{ id: 'a', key: 'A B', name: 'x' }] } });
    expect(badImport.status).toBe(400);
    expect(badImport.body.error?.code).toBe('invalid_journey');
    expect((await send('GET', '/api/journeys/jr-nope')).status).toBe(404);
    expect((await send('DELETE', `/api/journeys/${j.id}/touchpoints/tp-nope`)).body.error?.code).toBe('touchpoint_not_found');
    expect((await send('GET', `/api/journeys/${j.id}/analytics`)).body.error?.code).toBe('not_published');
    const anonymous = await fetch(`${t.url}/api/journeys`);
    expect(anonymous.status).toBe(401);
    const withWriteKey = await fetch(`${t.url}/api/journeys`, { headers: { Authorization: `Bearer ${t.writeKey}` } });
    expect(withWriteKey.status).toBe(401);
    expect((await send('DELETE', `/api/journeys/${j.id}`)).status).toBe(200);
    expect((await send('GET', `/api/journeys/${j.id}`)).status).toBe(404);
  });

  it('describes the journey API in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const p of ['/api/journeys', '/api/journeys/{id}/publish', '/api/journeys/{id}/analytics', '/api/journeys/{id}/customers', '/api/profiles/{id}/journeys', '/api/journeys/{id}/stages/{stageId}/touchpoints']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
