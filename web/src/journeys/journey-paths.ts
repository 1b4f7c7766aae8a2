/** Admin API paths of the journey routes, so the components never assemble URLs by hand. */

const enc = encodeURIComponent;

export const journeysPath = '/api/journeys';
export const journeyPath = (id: string) => `/api/journeys/${enc(id)}`;
export const stagesPath = (id: string) => `${journeyPath(id)}/stages`;
export const stagePath = (id: string, stageId: string) => `${journeyPath(id)}/stages/${enc(stageId)}`;
export const stageTouchpointsPath = (id: string, stageId: string) => `${stagePath(id, stageId)}/touchpoints`;
export const touchpointPath = (id: string, touchpointId: string) => `${journeyPath(id)}/touchpoints/${enc(touchpointId)}`;
export const personasPath = (id: string) => `${journeyPath(id)}/personas`;
export const personaPath = (id: string, personaId: string) => `${personasPath(id)}/${enc(personaId)}`;
export const messagesPath = (id: string) => `${journeyPath(id)}/messages`;
export const messagePath = (id: string, messageId: string) => `${messagesPath(id)}/${enc(messageId)}`;
export const publishPath = (id: string) => `${journeyPath(id)}/publish`;
export const versionPath = (id: string, version: number) => `${journeyPath(id)}/versions/${version}`;
export const diffPath = (id: string, from: number, to: number) => `${journeyPath(id)}/diff?${query({ from: String(from), to: String(to) })}`;
export const exportPath = (id: string) => `${journeyPath(id)}/export`;
export const rulePreviewPath = '/api/journeys/preview-rule';
export const eventNamesPath = '/api/event-names';
export const profileJourneysPath = (profileId: string) => `/api/profiles/${enc(profileId)}/journeys`;

/** The filters every analytics view of a map shares. */
export interface MapFilters {
  from: number;
  to: number;
  persona: string | null;
}

export function analyticsPath(id: string, f: MapFilters & { compare: boolean; breakdown: string | null }): string {
  return `${journeyPath(id)}/analytics?${query({ ...filterParams(f), compare: f.compare ? 'true' : undefined, breakdown: f.breakdown ?? undefined })}`;
}

/** Which customers a number on the map stands for. */
export type CustomerSelection = (
  | { metric: 'reached' | 'current' | 'stuck' | 'converted' | 'dropped' | 'skipped'; stage: string }
  | { metric: 'touchpoint'; touchpoint: string }
) & {
  /** Only one group of a breakdown (a number in the breakdown lane). */
  group?: { breakdown: string; value: string };
};

export function customersPath(id: string, sel: CustomerSelection, f: MapFilters & { limit?: number; offset?: number; format?: 'json' | 'csv' }): string {
  return `${journeyPath(id)}/customers?${query({
    metric: sel.metric,
    stage: sel.metric === 'touchpoint' ? undefined : sel.stage,
    touchpoint: sel.metric === 'touchpoint' ? sel.touchpoint : undefined,
    breakdown: sel.group?.breakdown,
    group: sel.group?.value,
    ...filterParams(f),
    limit: f.limit === undefined ? undefined : String(f.limit),
    offset: f.offset ? String(f.offset) : undefined,
    format: f.format,
  })}`;
}

export function realityPath(id: string, f: MapFilters & { fromStage: string | null; toStage: string | null }): string {
  return `${journeyPath(id)}/reality?${query({ from: iso(f.from), to: iso(f.to), fromStage: f.fromStage ?? undefined, toStage: f.toStage ?? undefined })}`;
}

function filterParams(f: MapFilters): Record<string, string | undefined> {
  return { from: iso(f.from), to: iso(f.to), persona: f.persona ?? undefined };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return q.toString();
}
