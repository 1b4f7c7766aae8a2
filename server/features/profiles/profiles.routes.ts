import { z } from 'zod';
import { EventList, PageQuery, ProfileDetail, ProfileList, ProfilesQuery } from '../../../common/api.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { type ApiRoute, route } from '../../http/routes.ts';
import type { EventStore } from '../../storage/events/event-store.ts';
import type { ProfilesRepository } from './profiles.repository.ts';

/** Customer profiles and their timelines. */
export function profileRoutes(deps: { profiles: ProfilesRepository; events: EventStore }): ApiRoute[] {
  return [
    route<z.infer<typeof ProfilesQuery>>({
      method: 'get',
      path: '/api/profiles',
      tag: 'profiles',
      summary: 'List or search customer profiles, most recently seen first',
      query: ProfilesQuery,
      response: ProfileList,
      async handler({ workspaceId, query }) {
        const c = decodeCursor(query.cursor, { lastSeen: 'number', id: 'string' });
        const before = c ? { lastSeen: Number(c.lastSeen), id: String(c.id) } : undefined;
        const profiles = await deps.profiles.list({ workspaceId, search: query.search, limit: query.limit, before });
        const last = profiles[profiles.length - 1];
        return { profiles, nextCursor: last && profiles.length === query.limit ? encodeCursor({ lastSeen: last.lastSeen, id: last.id }) : null };
      },
    }),
    route({
      method: 'get',
      path: '/api/profiles/{id}',
      tag: 'profiles',
      summary: 'One profile by profile id, userId or anonymousId: traits, identities, first/last seen, event count',
      response: ProfileDetail,
      async handler({ workspaceId, params }) {
        const profile = await deps.profiles.find(workspaceId, params.id ?? '');
        if (!profile) throw new AppError(404, 'profile_not_found', 'No profile has this id, userId or anonymousId.');
        return profile;
      },
    }),
    route<z.infer<typeof PageQuery>>({
      method: 'get',
      path: '/api/profiles/{id}/events',
      tag: 'profiles',
      summary: "The customer's timeline across channels, newest first, paginated",
      query: PageQuery,
      response: EventList,
      async handler({ workspaceId, params, query }) {
        const profile = await deps.profiles.find(workspaceId, params.id ?? '');
        if (!profile) throw new AppError(404, 'profile_not_found', 'No profile has this id, userId or anonymousId.');
        const c = decodeCursor(query.cursor, { timestamp: 'number', seq: 'number' });
        const before = c ? { timestamp: Number(c.timestamp), seq: Number(c.seq) } : undefined;
        const events = await deps.events.profileEvents({ workspaceId, profileId: profile.id, limit: query.limit, before });
        const last = events[events.length - 1];
        return { events, nextCursor: last && events.length === query.limit ? encodeCursor({ timestamp: last.timestamp, seq: last.seq }) : null };
      },
    }),
  ];
}
