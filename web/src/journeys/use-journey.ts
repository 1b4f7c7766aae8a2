import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Journey, PublishResult } from '../../../common/journeys/api.ts';
import type { JourneyDefinition, Message, Persona, Stage, Touchpoint } from '../../../common/journeys/model.ts';
import { ApiFailure, isAbort } from '../api/api-client.ts';
import { useApi } from '../auth/auth-context.tsx';
import {
  journeyPath,
  messagePath,
  messagesPath,
  personaPath,
  personasPath,
  publishPath,
  stagePath,
  stagesPath,
  stageTouchpointsPath,
  touchpointPath,
} from './journey-paths.ts';

const RECOMPUTE_POLL_MS = 1000;

type Without<T, K extends keyof T> = Omit<T, K>;
export type NewStage = Partial<Without<Stage, 'id' | 'key' | 'name'>> & Pick<Stage, 'key' | 'name'> & { index?: number };
export type StageChange = Partial<Without<Stage, 'id' | 'touchpoints'>> & { index?: number };
export type TouchpointFields = Without<Touchpoint, 'id' | 'kind'> & { kind?: Touchpoint['kind'] };
export type PersonaFields = Without<Persona, 'id'>;
export type MessageFields = Without<Message, 'id'>;

/** Every change the map can make; each resolves once the server has it and rejects with the ApiFailure. */
export interface JourneyActions {
  rename(fields: { name?: string; description?: string; owner?: string }): Promise<void>;
  replaceDefinition(definition: JourneyDefinition): Promise<void>;
  addStage(stage: NewStage): Promise<void>;
  updateStage(stageId: string, change: StageChange): Promise<void>;
  deleteStage(stageId: string): Promise<void>;
  addTouchpoint(stageId: string, fields: TouchpointFields): Promise<void>;
  updateTouchpoint(touchpointId: string, fields: Partial<TouchpointFields> & { stageId?: string }): Promise<void>;
  deleteTouchpoint(touchpointId: string): Promise<void>;
  addPersona(fields: PersonaFields): Promise<void>;
  updatePersona(personaId: string, fields: Partial<PersonaFields>): Promise<void>;
  deletePersona(personaId: string): Promise<void>;
  addMessage(fields: MessageFields): Promise<void>;
  updateMessage(messageId: string, fields: Partial<MessageFields>): Promise<void>;
  deleteMessage(messageId: string): Promise<void>;
  publish(): Promise<PublishResult>;
  deleteJourney(): Promise<void>;
}

export interface JourneyState {
  journey: Journey | undefined;
  error: unknown;
  reload(): void;
  /** Changes in flight; the header shows "Saving…" while above zero. */
  saving: number;
  actions: JourneyActions;
}

interface Loaded {
  id: string;
  journey: Journey | undefined;
  error: unknown;
}

/**
 * One journey and the edits to it. Every edit goes to the server at once (no save button, as in a
 * whiteboard tool) and the map shows the journey the server answers with. While a publish's
 * recompute runs, the journey is polled so the progress bar moves.
 *
 * Changes of a part (stage, touchpoint, persona, message) are sent as the whole part with the change
 * applied, one change at a time: the PATCH bodies of the API fill omitted fields with their defaults,
 * so a partial body would clear the rest of the part, and two changes in flight at once would each
 * start from the same old part.
 */
export function useJourney(id: string): JourneyState {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [nonce, setNonce] = useState(0);
  const [saving, setSaving] = useState(0);
  // The newest journey the server sent, read when a queued change is sent (not during render).
  const latest = useRef<Journey | undefined>(undefined);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const show = useCallback(
    (journey: Journey) => {
      latest.current = journey;
      setLoaded({ id, journey, error: undefined });
    },
    [id],
  );

  useEffect(() => {
    const ctl = new AbortController();
    api.get<Journey>(journeyPath(id), { signal: ctl.signal }).then(show, (err: unknown) => {
      if (!isAbort(err)) setLoaded((prev) => ({ id, journey: prev?.id === id ? prev.journey : undefined, error: err }));
    });
    return () => ctl.abort();
  }, [api, id, nonce, show]);

  const current = loaded?.id === id ? loaded : null;
  const journey = current?.journey;
  const recomputing = journey?.recompute?.state === 'running';

  useEffect(() => {
    if (!recomputing) return;
    const ctl = new AbortController();
    const timer = setInterval(() => {
      api.get<Journey>(journeyPath(id), { signal: ctl.signal }).then(
        (fresh) => {
          // Only the publish state: an edit made meanwhile must not be overwritten by an older draft.
          const base = latest.current;
          if (base) show({ ...base, recompute: fresh.recompute, status: fresh.status, publishedVersion: fresh.publishedVersion, versions: fresh.versions, hasUnpublishedChanges: fresh.hasUnpublishedChanges });
        },
        () => undefined, // a missed poll is retried on the next tick
      );
    }, RECOMPUTE_POLL_MS);
    return () => {
      ctl.abort();
      clearInterval(timer);
    };
  }, [api, id, recomputing, show]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);

  const actions = useMemo<JourneyActions>(() => {
    /** Runs changes one after another, each after the previous one's answer is on screen. */
    const enqueue = <T>(change: () => Promise<T>): Promise<T> => {
      setSaving((n) => n + 1);
      const run = queue.current.then(change, change);
      queue.current = run.catch(() => undefined);
      return run.finally(() => setSaving((n) => n - 1));
    };
    /** Sends one change; takes the journey from the answer when it is one, else reloads it. */
    const send = (call: () => Promise<unknown>) =>
      enqueue(async () => {
        const answer = await call();
        show(isJourney(answer, id) ? answer : await api.get<Journey>(journeyPath(id)));
      });
    const definition = (): JourneyDefinition => {
      if (!latest.current) throw new ApiFailure(0, 'not_loaded', 'The journey has not loaded yet.');
      return latest.current.definition;
    };
    const find = <T extends { id: string }>(items: T[], partId: string): T => {
      const found = items.find((x) => x.id === partId);
      if (!found) throw new ApiFailure(404, 'not_found', 'This part of the map no longer exists; it may have been deleted.');
      return found;
    };
    const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T) => rest;
    const touchpoints = () => definition().stages.flatMap((s) => s.touchpoints);

    return {
      rename: (fields) => send(() => api.patch(journeyPath(id), fields)),
      replaceDefinition: (next) => send(() => api.patch(journeyPath(id), { definition: next })),
      addStage: (stage) => send(() => api.post(stagesPath(id), stage)),
      updateStage: (stageId, change) => send(() => api.patch(stagePath(id, stageId), { ...withoutId(find(definition().stages, stageId)), ...change })),
      deleteStage: (stageId) => send(() => api.delete(stagePath(id, stageId))),
      addTouchpoint: (stageId, fields) => send(() => api.post(stageTouchpointsPath(id, stageId), fields)),
      updateTouchpoint: (touchpointId, fields) => send(() => api.patch(touchpointPath(id, touchpointId), { ...withoutId(find(touchpoints(), touchpointId)), ...fields })),
      deleteTouchpoint: (touchpointId) => send(() => api.delete(touchpointPath(id, touchpointId))),
      addPersona: (fields) => send(() => api.post(personasPath(id), fields)),
      updatePersona: (personaId, fields) => send(() => api.patch(personaPath(id, personaId), { ...withoutId(find(definition().personas, personaId)), ...fields })),
      deletePersona: (personaId) => send(() => api.delete(personaPath(id, personaId))),
      addMessage: (fields) => send(() => api.post(messagesPath(id), fields)),
      updateMessage: (messageId, fields) => send(() => api.patch(messagePath(id, messageId), { ...withoutId(find(definition().messages, messageId)), ...fields })),
      deleteMessage: (messageId) => send(() => api.delete(messagePath(id, messageId))),
      publish: () =>
        enqueue(async () => {
          const result = await api.post<PublishResult>(publishPath(id), {});
          show(await api.get<Journey>(journeyPath(id)));
          return result;
        }),
      deleteJourney: () => enqueue(() => api.delete(journeyPath(id)).then(() => undefined)),
    };
  }, [api, id, show]);

  return { journey, error: current?.error, reload, saving, actions };
}

function isJourney(v: unknown, id: string): v is Journey {
  return typeof v === 'object' && v !== null && (v as { id?: unknown }).id === id && typeof (v as { definition?: unknown }).definition === 'object';
}
