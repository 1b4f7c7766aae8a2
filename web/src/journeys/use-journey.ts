import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Journey, PublishResult } from '../../../common/journeys/api.ts';
import type { JourneyDefinition, Message, Persona, Stage, Touchpoint } from '../../../common/journeys/model.ts';
import { isAbort } from '../api/api-client.ts';
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
 */
export function useJourney(id: string): JourneyState {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [nonce, setNonce] = useState(0);
  const [saving, setSaving] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    api.get<Journey>(journeyPath(id), { signal: ctl.signal }).then(
      (journey) => setLoaded({ id, journey, error: undefined }),
      (err: unknown) => {
        if (!isAbort(err)) setLoaded((prev) => ({ id, journey: prev?.id === id ? prev.journey : undefined, error: err }));
      },
    );
    return () => ctl.abort();
  }, [api, id, nonce]);

  const current = loaded?.id === id ? loaded : null;
  const journey = current?.journey;
  const recomputing = journey?.recompute?.state === 'running';

  useEffect(() => {
    if (!recomputing) return;
    const ctl = new AbortController();
    const timer = setInterval(() => {
      api.get<Journey>(journeyPath(id), { signal: ctl.signal }).then(
        (fresh) =>
          // Only the publish state: an edit made meanwhile must not be overwritten by an older draft.
          setLoaded((prev) =>
            prev?.id === id && prev.journey
              ? { ...prev, journey: { ...prev.journey, recompute: fresh.recompute, status: fresh.status, publishedVersion: fresh.publishedVersion, versions: fresh.versions, hasUnpublishedChanges: fresh.hasUnpublishedChanges } }
              : prev,
          ),
        () => undefined, // a missed poll is retried on the next tick
      );
    }, RECOMPUTE_POLL_MS);
    return () => {
      ctl.abort();
      clearInterval(timer);
    };
  }, [api, id, recomputing]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);

  const actions = useMemo<JourneyActions>(() => {
    /** Sends one change; takes the journey from the answer when it is one, else reloads it. */
    const send = async (call: () => Promise<unknown>): Promise<unknown> => {
      setSaving((n) => n + 1);
      try {
        const answer = await call();
        if (isJourney(answer, id)) setLoaded({ id, journey: answer, error: undefined });
        else {
          const fresh = await api.get<Journey>(journeyPath(id));
          setLoaded({ id, journey: fresh, error: undefined });
        }
        return answer;
      } finally {
        setSaving((n) => n - 1);
      }
    };
    const post = (path: string, body: unknown) => send(() => api.post(path, body)).then(() => undefined);
    const patch = (path: string, body: unknown) => send(() => api.patch(path, body)).then(() => undefined);
    const del = (path: string) => send(() => api.delete(path)).then(() => undefined);
    return {
      rename: (fields) => patch(journeyPath(id), fields),
      replaceDefinition: (definition) => patch(journeyPath(id), { definition }),
      addStage: (stage) => post(stagesPath(id), stage),
      updateStage: (stageId, change) => patch(stagePath(id, stageId), change),
      deleteStage: (stageId) => del(stagePath(id, stageId)),
      addTouchpoint: (stageId, fields) => post(stageTouchpointsPath(id, stageId), fields),
      updateTouchpoint: (touchpointId, fields) => patch(touchpointPath(id, touchpointId), fields),
      deleteTouchpoint: (touchpointId) => del(touchpointPath(id, touchpointId)),
      addPersona: (fields) => post(personasPath(id), fields),
      updatePersona: (personaId, fields) => patch(personaPath(id, personaId), fields),
      deletePersona: (personaId) => del(personaPath(id, personaId)),
      addMessage: (fields) => post(messagesPath(id), fields),
      updateMessage: (messageId, fields) => patch(messagePath(id, messageId), fields),
      deleteMessage: (messageId) => del(messagePath(id, messageId)),
      publish: async () => {
        setSaving((n) => n + 1);
        try {
          const result = await api.post<PublishResult>(publishPath(id), {});
          const fresh = await api.get<Journey>(journeyPath(id));
          setLoaded({ id, journey: fresh, error: undefined });
          return result;
        } finally {
          setSaving((n) => n - 1);
        }
      },
      deleteJourney: async () => {
        await api.delete(journeyPath(id));
      },
    };
  }, [api, id]);

  return { journey, error: current?.error, reload, saving, actions };
}

function isJourney(v: unknown, id: string): v is Journey {
  return typeof v === 'object' && v !== null && (v as { id?: unknown }).id === id && typeof (v as { definition?: unknown }).definition === 'object';
}
