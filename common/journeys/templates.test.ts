import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JourneyDefinition, Locale, TEMPLATE_NAMES, type MatchRule, type TemplateName } from './model.ts';
import { journeyTemplate, listTemplates, NON_SPEC_EVENTS, SPEC_EVENTS, TEMPLATE_INFO, type JourneyTemplate } from './templates.ts';

const LOCALES = Locale.options;
const CASES = TEMPLATE_NAMES.flatMap((name) => LOCALES.map((locale) => [name, locale] as const));

/** Words that are rightly the same as in English. */
const SAME_AS_ENGLISH: Record<'sv' | 'da', ReadonlySet<string>> = {
  sv: new Set(['CRM']),
  da: new Set(['CRM', 'Marketing', 'Engagement']),
};

/** Every piece of human text of a template, by a path that is the same in every locale. */
function texts(t: JourneyTemplate): Map<string, string> {
  const out = new Map<string, string>([
    ['name', t.name],
    ['description', t.description],
  ]);
  const add = (prefix: string, obj: object, keys: readonly string[]) => {
    const record = obj as Record<string, unknown>;
    for (const key of keys) {
      const v = record[key];
      if (Array.isArray(v)) v.forEach((item, i) => out.set(`${prefix}.${key}[${i}]`, String(item)));
      else out.set(`${prefix}.${key}`, String(v));
    }
  };
  for (const s of t.definition.stages) {
    add(s.id, s, ['name', 'description', 'goals', 'needs', 'thoughts', 'painPoints', 'opportunities', 'team']);
    for (const tp of s.touchpoints) add(tp.id, tp, ['name', 'description', 'owner']);
  }
  for (const p of t.definition.personas) add(p.id, p, ['name', 'description', 'goals', 'frustrations']);
  for (const m of t.definition.messages) add(m.id, m, ['name', 'timing', 'description']);
  return out;
}

/** The definition without its human text: ids, keys, channels, emotions, rules. */
function structure(t: JourneyTemplate) {
  const d = t.definition;
  return {
    stages: d.stages.map((s) => ({
      id: s.id,
      key: s.key,
      emotion: s.emotion,
      touchpoints: s.touchpoints.map((tp) => ({ id: tp.id, channel: tp.channel, kind: tp.kind, rule: tp.rule })),
    })),
    personas: d.personas.map((p) => ({ id: p.id, rule: p.rule })),
    messages: d.messages.map((m) => ({ id: m.id, stageId: m.stageId, kind: m.kind, channel: m.channel })),
  };
}

/** A rule in one line: `track Order Completed #2 [properties.channel eq "store"]`, `page utm.medium=cpc`, `any`. */
function signature(rule: MatchRule): string {
  const parts: string[] = [rule.type];
  if (rule.events.length > 0) parts.push(rule.events.join(' | '));
  if (rule.nth !== 1) parts.push(`#${rule.nth}`);
  for (const [k, v] of Object.entries(rule.utm ?? {})) parts.push(`utm.${k}=${v}`);
  if (rule.pagePath !== undefined) parts.push(`path=${rule.pagePath}`);
  if (rule.where.length > 0) parts.push(`[${rule.where.map((c) => `${c.path} ${c.op}${c.value === undefined ? '' : ` ${JSON.stringify(c.value)}`}`).join(', ')}]`);
  return parts.join(' ');
}

function stageSignatures(name: TemplateName): Record<string, string[]> {
  return Object.fromEntries(journeyTemplate(name, 'en').definition.stages.map((s) => [s.key, s.touchpoints.map((tp) => signature(tp.rule)).sort()]));
}

function allRules(t: JourneyTemplate): MatchRule[] {
  return [...t.definition.stages.flatMap((s) => s.touchpoints.map((tp) => tp.rule)), ...t.definition.personas.flatMap((p) => p.rule.events.map((e) => e.rule))];
}

describe('journey templates', () => {
  it.each(CASES)('%s in %s is a valid journey definition', (name, locale) => {
    const t = journeyTemplate(name, locale);
    expect(JourneyDefinition.safeParse(t.definition).error).toBeUndefined();
    expect(t.name.trim()).not.toBe('');
    expect(t.description.trim()).not.toBe('');
  });

  it('has the stage keys of each template, in order, in every locale', () => {
    const expected: Record<TemplateName, string[]> = {
      'seven-phase': ['awareness', 'consideration', 'decision', 'purchase', 'delivery', 'post-purchase', 'loyalty'],
      'five-phase': ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'],
      'four-phase': ['awareness', 'engagement', 'conversion', 'retention'],
    };
    for (const [name, locale] of CASES) {
      const stages = journeyTemplate(name, locale).definition.stages;
      expect(stages.map((s) => s.key)).toEqual(expected[name]);
      expect(stages.map((s) => s.id)).toEqual(expected[name].map((k) => `st-${k}`));
    }
    expect(TEMPLATE_INFO).toEqual(Object.fromEntries(TEMPLATE_NAMES.map((n) => [n, { stageKeys: expected[n] }])));
  });

  it.each(TEMPLATE_NAMES)('%s has the same ids, keys, channels and rules in every locale', (name) => {
    const en = journeyTemplate(name, 'en');
    for (const locale of ['sv', 'da'] as const) {
      const other = journeyTemplate(name, locale);
      expect(structure(other)).toEqual(structure(en));
      expect([...texts(other).keys()]).toEqual([...texts(en).keys()]);
    }
  });

  it.each(TEMPLATE_NAMES)('%s is translated: Swedish and Danish text differs from English and from each other', (name) => {
    const en = texts(journeyTemplate(name, 'en'));
    const sv = texts(journeyTemplate(name, 'sv'));
    const da = texts(journeyTemplate(name, 'da'));
    const untranslated: string[] = [];
    for (const [path, english] of en) {
      for (const [locale, text] of [['sv', sv.get(path)], ['da', da.get(path)]] as const) {
        if (text === undefined || text.trim() === '') untranslated.push(`${locale} ${path}: empty`);
        else if (text === english && !SAME_AS_ENGLISH[locale].has(text)) untranslated.push(`${locale} ${path}: ${text}`);
      }
      // A long text that is identical in Swedish and Danish was copied, not translated.
      if (english.length >= 20 && sv.get(path) === da.get(path)) untranslated.push(`sv = da ${path}: ${english}`);
    }
    expect(untranslated).toEqual([]);
  });

  it.each(TEMPLATE_NAMES)('%s uses the right letters for each language', (name) => {
    const wrong: string[] = [];
    for (const [path, text] of texts(journeyTemplate(name, 'sv'))) if (/[æøÆØ]/.test(text)) wrong.push(`sv ${path}: ${text}`);
    for (const [path, text] of texts(journeyTemplate(name, 'da'))) if (/[äöÄÖ]/.test(text)) wrong.push(`da ${path}: ${text}`);
    for (const [path, text] of texts(journeyTemplate(name, 'en'))) if (/[åäöæøÅÄÖÆØ]/.test(text)) wrong.push(`en ${path}: ${text}`);
    expect(wrong).toEqual([]);
  });

  it('five-phase enters each stage on exactly the specified events', () => {
    const track = (events: string[], nth = 1) => ({ type: 'track', events, where: [], nth });
    const expected: Record<string, object[]> = {
      awareness: [{ type: 'any', events: [], where: [], nth: 1 }],
      consideration: [track(['Product Viewed']), track(['Product List Viewed']), track(['Products Searched'])],
      purchase: [track(['Order Completed'], 1)],
      retention: [track(['Order Completed'], 2)],
      advocacy: [track(['Product Reviewed']), track(['Product Shared'])],
    };
    const byJson = (a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    for (const locale of LOCALES) {
      const stages = journeyTemplate('five-phase', locale).definition.stages;
      expect(Object.fromEntries(stages.map((s) => [s.key, s.touchpoints.map((tp) => tp.rule).sort(byJson)]))).toEqual(
        Object.fromEntries(Object.entries(expected).map(([k, rules]) => [k, [...rules].sort(byJson)])),
      );
      for (const tp of stages.flatMap((s) => s.touchpoints)) {
        expect(tp.rule.utm).toBeUndefined();
        expect(tp.rule.pagePath).toBeUndefined();
      }
    }
  });

  it('seven-phase enters each stage on the documented rules', () => {
    expect(stageSignatures('seven-phase')).toEqual({
      awareness: ['any', 'page utm.medium=affiliate', 'page utm.medium=cpc', 'page utm.medium=paid_social', 'page utm.medium=social'],
      consideration: [
        'page path=**/stores**',
        'page utm.medium=email',
        'track Newsletter Subscribed',
        'track Product Clicked',
        'track Product List Viewed',
        'track Product Viewed',
        'track Products Searched',
        'track Signed Up',
        'track Store Visited',
      ],
      decision: [
        'track Cart Shared',
        'track Cart Viewed',
        'track Checkout Started',
        'track Checkout Step Completed',
        'track Coupon Applied',
        'track Payment Info Entered',
        'track Product Added',
        'track Product Added to Wishlist',
        'track Product Shared',
      ],
      purchase: ['track Order Completed', 'track Order Completed [properties.channel eq "store"]'],
      delivery: ['page path=**/order-tracking**', 'track Order Shipped', 'track Support Ticket Created [properties.order_id exists, properties.topic eq "delivery"]'],
      'post-purchase': [
        'track Order Cancelled',
        'track Order Delivered',
        'track Order Delivered [properties.shipping_method in ["pickup_point","parcel_locker"]]',
        'track Order Refunded',
        'track Product Reviewed',
        'track Support Ticket Created [properties.order_id exists, properties.topic neq "delivery", properties.channel eq "phone"]',
        'track Support Ticket Created [properties.order_id exists, properties.topic neq "delivery"]',
        'track Survey Responded',
      ],
      loyalty: ['track Order Completed #2', 'track Order Completed #2 [properties.channel eq "store"]'],
    });
  });

  it('four-phase enters each stage on the documented rules', () => {
    expect(stageSignatures('four-phase')).toEqual({
      awareness: ['any', 'page utm.medium=affiliate', 'page utm.medium=cpc', 'page utm.medium=paid_social', 'page utm.medium=social'],
      engagement: [
        'page utm.medium=email',
        'track Checkout Started',
        'track Newsletter Subscribed',
        'track Product Added',
        'track Product Added to Wishlist',
        'track Product List Viewed',
        'track Product Viewed',
        'track Products Searched',
        'track Signed Up',
        'track Store Visited',
      ],
      conversion: ['track Order Completed', 'track Order Completed [properties.channel eq "store"]'],
      retention: ['track Order Completed #2', 'track Order Completed #2 [properties.channel eq "store"]'],
    });
  });

  it.each(TEMPLATE_NAMES)('%s puts every customer on the map: its first stage has an any-activity touchpoint', (name) => {
    const first = journeyTemplate(name, 'en').definition.stages[0];
    expect(first?.touchpoints.some((tp) => signature(tp.rule) === 'any' && tp.rule.where.length === 0)).toBe(true);
  });

  it('uses only spec events and the documented non-spec events, and lists no unused ones', () => {
    const known = new Set<string>([...SPEC_EVENTS, ...NON_SPEC_EVENTS]);
    const used = new Set(TEMPLATE_NAMES.flatMap((name) => allRules(journeyTemplate(name, 'en')).flatMap((r) => r.events)));
    expect([...used].filter((e) => !known.has(e))).toEqual([]);
    expect([...known].filter((e) => !used.has(e))).toEqual([]);
  });

  it.each(CASES)('%s in %s has rich workshop content on every stage', (name, locale) => {
    const d = journeyTemplate(name, locale).definition;
    const within = (list: unknown[], min: number, max: number) => list.length >= min && list.length <= max;
    for (const s of d.stages) {
      const where = `${s.key}`;
      expect(s.description.length, where).toBeGreaterThan(60);
      expect(within(s.goals, 2, 4), `${where} goals`).toBe(true);
      expect(within(s.needs, 2, 3), `${where} needs`).toBe(true);
      expect(within(s.thoughts, 2, 3), `${where} thoughts`).toBe(true);
      expect(within(s.painPoints, 2, 3), `${where} pain points`).toBe(true);
      expect(within(s.opportunities, 2, 3), `${where} opportunities`).toBe(true);
      expect(s.team, where).not.toBe('');
      expect(s.touchpoints.length, `${where} touchpoints`).toBeGreaterThan(0);
      for (const tp of s.touchpoints) expect(tp.description, tp.id).not.toBe('');
      expect(d.messages.filter((m) => m.stageId === s.id).length, `${where} messages`).toBeGreaterThan(0);
    }
    // An emotion curve with highs and lows, not a flat line.
    const emotions = d.stages.map((s) => s.emotion);
    expect(Math.min(...emotions)).toBeLessThan(0);
    expect(Math.max(...emotions)).toBeGreaterThan(0);
    expect(within(d.personas, 2, 3)).toBe(true);
    for (const p of d.personas) {
      expect(p.rule.traits.length + p.rule.events.length, p.id).toBeGreaterThan(0);
      expect(p.goals.length, p.id).toBeGreaterThanOrEqual(2);
      expect(p.frustrations.length, p.id).toBeGreaterThanOrEqual(2);
    }
    expect(within(d.messages, 6, 12)).toBe(true);
    for (const m of d.messages) expect(m.timing, m.id).not.toBe('');
  });

  it.each(TEMPLATE_NAMES)('%s names its ids by kind', (name) => {
    const d = journeyTemplate(name, 'en').definition;
    for (const s of d.stages) for (const tp of s.touchpoints) expect(tp.id).toMatch(/^tp-[a-z0-9-]+$/);
    for (const p of d.personas) expect(p.id).toMatch(/^pe-[a-z0-9-]+$/);
    for (const m of d.messages) expect(m.id).toMatch(/^ms-[a-z0-9-]+$/);
  });

  it('gives every call a fresh copy', () => {
    const a = journeyTemplate('seven-phase', 'en');
    const tp = a.definition.stages[0]?.touchpoints[0];
    if (!tp) throw new Error('the first stage has no touchpoint');
    tp.rule.events.push('Changed');
    tp.name = 'Changed';
    const b = journeyTemplate('seven-phase', 'en');
    expect(b.definition.stages[0]?.touchpoints[0]?.rule.events).toEqual([]);
    expect(b.definition.stages[0]?.touchpoints[0]?.name).not.toBe('Changed');
  });

  it('lists the templates for the picker in each language', () => {
    for (const locale of LOCALES) {
      const list = listTemplates(locale);
      expect(list.map((t) => t.name)).toEqual([...TEMPLATE_NAMES]);
      for (const item of list) {
        const t = journeyTemplate(item.name, locale);
        expect(item.title).toBe(t.name);
        expect(item.description).toBe(t.description);
        expect(item.stageNames).toEqual(t.definition.stages.map((s) => s.name));
      }
    }
    expect(listTemplates('sv').map((t) => t.title)).not.toEqual(listTemplates('en').map((t) => t.title));
    expect(listTemplates('da').map((t) => t.title)).not.toEqual(listTemplates('sv').map((t) => t.title));
  });

  it('is documented: docs/journey-templates.md names every touchpoint and every non-spec event', () => {
    const doc = readFileSync(new URL('../../docs/journey-templates.md', import.meta.url), 'utf8');
    const ids = new Set(TEMPLATE_NAMES.flatMap((name) => journeyTemplate(name, 'en').definition.stages.flatMap((s) => s.touchpoints.map((tp) => tp.id))));
    expect([...ids].filter((id) => !doc.includes(`\`${id}\``))).toEqual([]);
    expect(NON_SPEC_EVENTS.filter((e) => !doc.includes(`\`${e}\``))).toEqual([]);
  });
});
