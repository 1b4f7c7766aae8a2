import { z } from 'zod';
import {
  AnalyticsQuery,
  CreateJourneyBody,
  CreateMessageBody,
  CreatePersonaBody,
  CreateStageBody,
  CreateTouchpointBody,
  Journey,
  JourneyAnalytics,
  JourneyCustomerList,
  JourneyCustomersQuery,
  JourneyList,
  MapVsReality,
  ProfileJourneys,
  PublishResult,
  RealityQuery,
  RulePreview,
  RulePreviewBody,
  UpdateJourneyBody,
  UpdateMessageBody,
  UpdatePersonaBody,
  UpdateStageBody,
  UpdateTouchpointBody,
  VersionDiff,
} from '../../../common/journeys/api.ts';
import { JourneyDefinition, JourneyExport, Locale, TemplateName } from '../../../common/journeys/model.ts';
import { listTemplates } from '../../../common/journeys/templates.ts';
import { AppError } from '../../errors.ts';
import { parseTime } from '../../http/cursor.ts';
import { type ApiRoute, route } from '../../http/routes.ts';
import type { ProfilesRepository } from '../profiles/profiles.repository.ts';
import type { JourneyEngine } from './journey-engine.ts';
import type { JourneyInsights } from './journey-insights.service.ts';
import type { JourneysService } from './journeys.service.ts';

const TAG = 'journeys';
const Ok = z.object({ ok: z.boolean() });
const TemplatesQuery = z.object({ locale: Locale.default('en') });
const VersionQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(0).optional().describe('omit or 0: the draft') });

/** Journey maps: CRUD of journeys and their parts, publishing, analytics and the customers behind them. */
export function journeyRoutes(deps: { journeys: JourneysService; insights: JourneyInsights; engine: JourneyEngine; profiles: ProfilesRepository }): ApiRoute[] {
  const { journeys, insights } = deps;
  const id = (params: Record<string, string>, key = 'id') => params[key] ?? '';
  return [
    route({ method: 'get', path: '/api/journeys', tag: TAG, summary: 'List journey maps', response: JourneyList, handler: async ({ workspaceId }) => ({ journeys: await journeys.list(workspaceId) }) }),
    route<z.infer<typeof TemplatesQuery>>({
      method: 'get',
      path: '/api/journey-templates',
      tag: TAG,
      summary: 'The journey templates with their stage names, in one language',
      query: TemplatesQuery,
      response: z.object({ templates: z.array(z.object({ name: TemplateName, title: z.string(), description: z.string(), stageNames: z.array(z.string()) })) }),
      handler: ({ query }) => ({ templates: listTemplates(query.locale) }),
    }),
    route<undefined, z.output<typeof CreateJourneyBody>>({
      method: 'post',
      path: '/api/journeys',
      tag: TAG,
      summary: 'Create a journey: from a template ({"template":"five-phase","locale":"en"}), blank, or from an exported definition',
      body: CreateJourneyBody as z.ZodType<z.output<typeof CreateJourneyBody>>,
      response: Journey,
      handler: ({ workspaceId, body }) => journeys.create(workspaceId, body),
    }),
    route({ method: 'get', path: '/api/journeys/{id}', tag: TAG, summary: 'A journey with its draft definition, versions and recompute progress', response: Journey, handler: ({ workspaceId, params }) => journeys.get(workspaceId, id(params)) }),
    route<undefined, z.output<typeof UpdateJourneyBody>>({
      method: 'patch',
      path: '/api/journeys/{id}',
      tag: TAG,
      summary: 'Rename, describe, or replace the whole draft definition',
      body: UpdateJourneyBody,
      response: Journey,
      handler: ({ workspaceId, params, body }) => journeys.update(workspaceId, id(params), body),
    }),
    route({
      method: 'delete',
      path: '/api/journeys/{id}',
      tag: TAG,
      summary: 'Delete a journey and its versions',
      response: Ok,
      handler: async ({ workspaceId, params }) => {
        await journeys.delete(workspaceId, id(params));
        return { ok: true };
      },
    }),
    route({
      method: 'get',
      path: '/api/journeys/{id}/export',
      tag: TAG,
      summary: 'The draft as a portable JSON document (import it with POST /api/journeys)',
      response: JourneyExport,
      handler: async ({ workspaceId, params, c }) => {
        const j = await journeys.get(workspaceId, id(params));
        c.header('Content-Disposition', `attachment; filename="journey-${j.id}.json"`);
        return { format: 'kundresa.journey/v1', name: j.name, description: j.description, owner: j.owner, definition: j.definition };
      },
    }),
    // Parts of the draft.
    route<undefined, z.output<typeof CreateStageBody>>({ method: 'post', path: '/api/journeys/{id}/stages', tag: TAG, summary: 'Add a stage (at `index`, default last)', body: CreateStageBody, response: Journey, handler: ({ workspaceId, params, body }) => journeys.addStage(workspaceId, id(params), body) }),
    route<undefined, z.output<typeof UpdateStageBody>>({ method: 'patch', path: '/api/journeys/{id}/stages/{stageId}', tag: TAG, summary: 'Change or move a stage', body: UpdateStageBody, response: Journey, handler: ({ workspaceId, params, body }) => journeys.updateStage(workspaceId, id(params), id(params, 'stageId'), body) }),
    route({ method: 'delete', path: '/api/journeys/{id}/stages/{stageId}', tag: TAG, summary: 'Delete a stage with its touchpoints and messages', response: Journey, handler: ({ workspaceId, params }) => journeys.deleteStage(workspaceId, id(params), id(params, 'stageId')) }),
    route<undefined, z.output<typeof CreateTouchpointBody>>({
      method: 'post',
      path: '/api/journeys/{id}/stages/{stageId}/touchpoints',
      tag: TAG,
      summary: 'Add a touchpoint with its matching rule to a stage',
      body: CreateTouchpointBody,
      response: Journey,
      handler: ({ workspaceId, params, body }) => journeys.addTouchpoint(workspaceId, id(params), id(params, 'stageId'), body),
    }),
    route<undefined, z.output<typeof UpdateTouchpointBody>>({
      method: 'patch',
      path: '/api/journeys/{id}/touchpoints/{touchpointId}',
      tag: TAG,
      summary: 'Change a touchpoint (rule, channel, …) or move it to another stage',
      body: UpdateTouchpointBody,
      response: Journey,
      handler: ({ workspaceId, params, body }) => journeys.updateTouchpoint(workspaceId, id(params), id(params, 'touchpointId'), body),
    }),
    route({ method: 'delete', path: '/api/journeys/{id}/touchpoints/{touchpointId}', tag: TAG, summary: 'Delete a touchpoint', response: Journey, handler: ({ workspaceId, params }) => journeys.deleteTouchpoint(workspaceId, id(params), id(params, 'touchpointId')) }),
    route<undefined, z.output<typeof CreatePersonaBody>>({ method: 'post', path: '/api/journeys/{id}/personas', tag: TAG, summary: 'Add a persona with its membership rule', body: CreatePersonaBody, response: Journey, handler: ({ workspaceId, params, body }) => journeys.addPersona(workspaceId, id(params), body) }),
    route<undefined, z.output<typeof UpdatePersonaBody>>({ method: 'patch', path: '/api/journeys/{id}/personas/{personaId}', tag: TAG, summary: 'Change a persona', body: UpdatePersonaBody, response: Journey, handler: ({ workspaceId, params, body }) => journeys.updatePersona(workspaceId, id(params), id(params, 'personaId'), body) }),
    route({ method: 'delete', path: '/api/journeys/{id}/personas/{personaId}', tag: TAG, summary: 'Delete a persona', response: Journey, handler: ({ workspaceId, params }) => journeys.deletePersona(workspaceId, id(params), id(params, 'personaId')) }),
    route<undefined, z.output<typeof CreateMessageBody>>({ method: 'post', path: '/api/journeys/{id}/messages', tag: TAG, summary: 'Add a message to the inventory of a stage', body: CreateMessageBody, response: Journey, handler: ({ workspaceId, params, body }) => journeys.addMessage(workspaceId, id(params), body) }),
    route<undefined, z.output<typeof UpdateMessageBody>>({ method: 'patch', path: '/api/journeys/{id}/messages/{messageId}', tag: TAG, summary: 'Change a message', body: UpdateMessageBody, response: Journey, handler: ({ workspaceId, params, body }) => journeys.updateMessage(workspaceId, id(params), id(params, 'messageId'), body) }),
    route({ method: 'delete', path: '/api/journeys/{id}/messages/{messageId}', tag: TAG, summary: 'Delete a message', response: Journey, handler: ({ workspaceId, params }) => journeys.deleteMessage(workspaceId, id(params), id(params, 'messageId')) }),
    // Versions.
    route({
      method: 'post',
      path: '/api/journeys/{id}/publish',
      tag: TAG,
      summary: 'Freeze the draft as a new version; customer state is recomputed from stored events in the background',
      response: PublishResult,
      handler: async ({ workspaceId, params }) => {
        const { version } = await journeys.publish(workspaceId, id(params));
        const recompute = deps.engine.status(id(params));
        if (!recompute) throw new AppError(500, 'internal_error', 'The recompute did not start.');
        return { version, recompute };
      },
    }),
    route({
      method: 'get',
      path: '/api/journeys/{id}/versions/{version}',
      tag: TAG,
      summary: 'One published version (immutable)',
      response: z.object({ version: z.number(), name: z.string(), publishedAt: z.number(), definition: JourneyDefinition }),
      handler: ({ workspaceId, params }) => {
        const v = Number(params.version);
        if (!Number.isInteger(v) || v < 1) throw new AppError(400, 'invalid_field', 'version must be a positive integer.', { field: 'version' });
        return journeys.version(workspaceId, id(params), v);
      },
    }),
    route<z.infer<typeof VersionQuery>>({ method: 'get', path: '/api/journeys/{id}/diff', tag: TAG, summary: 'What changed between two versions (or a version and the draft)', query: VersionQuery, response: VersionDiff, handler: ({ workspaceId, params, query }) => journeys.diff(workspaceId, id(params), query.from, query.to) }),
    // Numbers.
    route<z.output<typeof AnalyticsQuery>>({
      method: 'get',
      path: '/api/journeys/{id}/analytics',
      tag: TAG,
      summary: 'Live stage and touchpoint numbers of the published version, with breakdown and previous period',
      query: AnalyticsQuery as z.ZodType<z.output<typeof AnalyticsQuery>>,
      response: JourneyAnalytics,
      handler: ({ workspaceId, params, query }) =>
        insights.analytics(workspaceId, id(params), { from: parseTime(query.from, 'from'), to: parseTime(query.to, 'to'), persona: query.persona, breakdown: query.breakdown, stuckDays: query.stuckDays, compare: query.compare }),
    }),
    route<z.output<typeof JourneyCustomersQuery>>({
      method: 'get',
      path: '/api/journeys/{id}/customers',
      tag: TAG,
      summary: 'The customers behind a number of the map, as JSON pages or a CSV file',
      query: JourneyCustomersQuery,
      response: JourneyCustomerList,
      produces: ['application/json', 'text/csv'],
      handler: async ({ workspaceId, params, query, c }) => {
        const csv = query.format === 'csv';
        const result = await insights.customers(workspaceId, id(params), {
          metric: query.metric,
          stage: query.stage,
          touchpoint: query.touchpoint,
          from: parseTime(query.from, 'from'),
          to: parseTime(query.to, 'to'),
          persona: query.persona,
          breakdown: query.breakdown,
          group: query.group,
          stuckDays: query.stuckDays,
          // A CSV holds everyone behind the number, not one page.
          limit: csv ? 1_000_000 : query.limit,
          offset: csv ? 0 : query.offset,
        });
        if (!csv) return result;
        const lines = ['profile_id,user_id,email,name,current_stage,entered_at'];
        for (const r of result.customers) lines.push([r.profileId, r.userId, r.email, r.name, r.currentStage, r.enteredAt === null ? null : new Date(r.enteredAt).toISOString()].map(csvCell).join(','));
        const name = `${query.metric}-${query.stage ?? query.touchpoint ?? ''}.csv`.replace(/[^A-Za-z0-9_.-]/g, '_');
        return c.body(`${lines.join('\r\n')}\r\n`, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });
      },
    }),
    route<z.output<typeof RealityQuery>>({
      method: 'get',
      path: '/api/journeys/{id}/reality',
      tag: TAG,
      summary: 'Map versus reality: touchpoints nobody hit, and frequent unmapped event sequences between two stages',
      query: RealityQuery,
      response: MapVsReality,
      handler: ({ workspaceId, params, query }) => insights.reality(workspaceId, id(params), { from: parseTime(query.from, 'from'), to: parseTime(query.to, 'to'), fromStage: query.fromStage, toStage: query.toStage }),
    }),
    route<undefined, z.output<typeof RulePreviewBody>>({
      method: 'post',
      path: '/api/journeys/preview-rule',
      tag: TAG,
      summary: 'How many events and customers a matching rule matches in the last days (live preview while editing)',
      body: RulePreviewBody,
      response: RulePreview,
      handler: ({ workspaceId, body }) => insights.previewRule(workspaceId, body.rule, body.days),
    }),
    route({
      method: 'get',
      path: '/api/profiles/{id}/journeys',
      tag: 'profiles',
      summary: "The customer's position in every published journey",
      response: ProfileJourneys,
      handler: async ({ workspaceId, params }) => {
        const profile = await deps.profiles.find(workspaceId, params.id ?? '');
        if (!profile) throw new AppError(404, 'profile_not_found', 'No profile has this id, userId or anonymousId.');
        return { journeys: await insights.profileJourneys(workspaceId, profile.id) };
      },
    }),
  ];
}

/** A CSV cell; cells that a spreadsheet would run as a formula are prefixed with a quote. */
function csvCell(v: string | null): string {
  if (v === null) return '';
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
