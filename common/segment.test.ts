import { describe, expect, it } from 'vitest';
import { correctTimestamp, normaliseCall, type NormaliseResult, type StoredEvent } from './segment.ts';

const receivedAt = Date.parse('2025-03-01T12:00:00.000Z');
let counter = 0;
const normalise = (raw: unknown, typeFromPath?: Parameters<typeof normaliseCall>[1]['typeFromPath']) =>
  normaliseCall(raw, { receivedAt, typeFromPath, newMessageId: () => `generated-${++counter}` });

function ok(r: NormaliseResult): StoredEvent {
  if (!r.ok) throw new Error(`expected a valid call, got ${r.code}: ${r.message}`);
  return r.event;
}

function rejected(r: NormaliseResult): Extract<NormaliseResult, { ok: false }> {
  if (r.ok) throw new Error(`expected a rejection, got ${JSON.stringify(r.event)}`);
  return r;
}

describe('correctTimestamp', () => {
  it('uses receivedAt when the client gave no timestamp', () => {
    expect(correctTimestamp({ timestamp: undefined, sentAt: receivedAt - 5000, receivedAt })).toBe(receivedAt);
  });

  it('trusts the timestamp when there is no sentAt to measure the skew with', () => {
    expect(correctTimestamp({ timestamp: 1_000, sentAt: undefined, receivedAt })).toBe(1_000);
  });

  it('shifts by the client clock skew: receivedAt − (sentAt − timestamp)', () => {
    const hour = 3_600_000;
    // The client clock runs an hour ahead; the event happened 10 s before it was sent.
    const sentAt = receivedAt + hour;
    const timestamp = sentAt - 10_000;
    expect(correctTimestamp({ timestamp, sentAt, receivedAt })).toBe(receivedAt - 10_000);
    // A clock running behind is corrected the same way.
    expect(correctTimestamp({ timestamp: receivedAt - hour - 3_000, sentAt: receivedAt - hour, receivedAt })).toBe(receivedAt - 3_000);
  });
});

describe('normaliseCall', () => {
  it('normalises a track call: ids to strings, timestamp corrected, unknown fields dropped', () => {
    const e = ok(
      normalise({
        type: 'track',
        userId: 42,
        event: 'Order Completed',
        properties: { revenue: 99.5 },
        context: { campaign: { source: 'newsletter' } },
        timestamp: '2025-03-01T12:59:50.000Z',
        sentAt: '2025-03-01T13:00:00.000Z',
        messageId: 'm-1',
        _metadata: { nodeVersion: 'v20' },
        somethingElse: true,
      }),
    );
    expect(e).toEqual({
      type: 'track',
      messageId: 'm-1',
      userId: '42',
      anonymousId: null,
      event: 'Order Completed',
      name: null,
      properties: { revenue: 99.5 },
      traits: {},
      context: { campaign: { source: 'newsletter' } },
      groupId: null,
      previousId: null,
      timestamp: receivedAt - 10_000,
      originalTimestamp: Date.parse('2025-03-01T12:59:50.000Z'),
      sentAt: Date.parse('2025-03-01T13:00:00.000Z'),
      receivedAt,
    });
  });

  it('takes the type from the path for single-call endpoints, overriding the body', () => {
    const e = ok(normalise({ type: 'track', anonymousId: 'a1', traits: { plan: 'pro' } }, 'identify'));
    expect(e.type).toBe('identify');
    expect(e.traits).toEqual({ plan: 'pro' });
  });

  it('keeps traits only on identify and group, properties only on track, page and screen', () => {
    const t = ok(normalise({ type: 'track', userId: 'u', event: 'E', properties: { a: 1 }, traits: { x: 1 } }));
    expect(t.traits).toEqual({});
    const g = ok(normalise({ type: 'group', userId: 'u', groupId: 7, traits: { name: 'Acme' }, properties: { a: 1 } }));
    expect(g).toMatchObject({ groupId: '7', traits: { name: 'Acme' }, properties: {} });
    const p = ok(normalise({ type: 'page', anonymousId: 'a', name: 'Home', properties: { path: '/' } }));
    expect(p).toMatchObject({ name: 'Home', properties: { path: '/' }, event: null });
    const s = ok(normalise({ type: 'screen', anonymousId: 'a', name: 'Cart' }));
    expect(s.name).toBe('Cart');
    const al = ok(normalise({ type: 'alias', userId: 'new', previousId: 'old' }));
    expect(al.previousId).toBe('old');
  });

  it('generates a messageId when the client sent none', () => {
    const a = ok(normalise({ type: 'page', anonymousId: 'a' }));
    const b = ok(normalise({ type: 'page', anonymousId: 'a' }));
    expect(a.messageId).toMatch(/^generated-/);
    expect(a.messageId).not.toBe(b.messageId);
  });

  it('uses originalTimestamp when timestamp is absent (analytics.js sends it)', () => {
    const e = ok(normalise({ type: 'page', anonymousId: 'a', originalTimestamp: '2025-03-01T11:00:00.000Z', sentAt: '2025-03-01T11:00:01.000Z' }));
    expect(e.timestamp).toBe(receivedAt - 1000);
  });

  it('accepts historical timestamps as they are when no sentAt is given', () => {
    const e = ok(normalise({ type: 'track', userId: 'u', event: 'Imported', timestamp: '2019-06-01T00:00:00Z' }));
    expect(e.timestamp).toBe(Date.parse('2019-06-01T00:00:00Z'));
    expect(e.originalTimestamp).toBe(e.timestamp);
  });

  it('names the missing field', () => {
    const r = rejected(normalise({ userId: 'u' }, 'track'));
    expect(r).toMatchObject({ code: 'invalid_field', field: 'event' });
    expect(r.message).toContain('event');
    expect(rejected(normalise({ userId: 'u' }, 'group')).field).toBe('groupId');
    expect(rejected(normalise({ userId: 'u' }, 'alias')).field).toBe('previousId');
  });

  it('requires userId or anonymousId', () => {
    const r = rejected(normalise({ type: 'track', event: 'E' }));
    expect(r.code).toBe('missing_identity');
    expect(r.message).toMatch(/userId or anonymousId/);
    expect(rejected(normalise({ type: 'track', event: 'E', userId: null, anonymousId: null })).code).toBe('missing_identity');
  });

  it('rejects an unknown type, a non-object and a bad date with a readable reason', () => {
    const t = rejected(normalise({ type: 'purchase', userId: 'u' }));
    expect(t.field).toBe('type');
    expect(t.message).toMatch(/identify, track/);
    expect(rejected(normalise(['track'])).code).toBe('invalid_call');
    expect(rejected(normalise('track')).code).toBe('invalid_call');
    const d = rejected(normalise({ type: 'track', userId: 'u', event: 'E', timestamp: 'yesterday-ish' }));
    expect(d.field).toBe('timestamp');
    expect(d.message).toContain('ISO 8601');
  });

  it('rejects wrong types and empty ids', () => {
    expect(rejected(normalise({ type: 'track', userId: 'u', event: 12 })).field).toBe('event');
    expect(rejected(normalise({ type: 'track', userId: '', event: 'E' })).field).toBe('userId');
    expect(rejected(normalise({ type: 'track', userId: 'u', event: 'E', properties: 'x' })).field).toBe('properties');
    expect(rejected(normalise({ type: 'track', userId: 'u', event: 'x'.repeat(257) })).field).toBe('event');
  });
});
