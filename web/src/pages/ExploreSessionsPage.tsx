import { ExploreWorkspace } from '../explore/ExploreWorkspace.tsx';
import { SessionsBuilder } from '../explore/SessionsBuilder.tsx';
import { SessionsResultView } from '../explore/SessionsResultView.tsx';

/** /explore/sessions: visits, pages and where traffic comes from. */
export function ExploreSessionsPage() {
  return <ExploreWorkspace kind="sessions" builder={(p) => <SessionsBuilder {...p} />} result={(p) => <SessionsResultView result={p.result} query={p.query} />} />;
}
