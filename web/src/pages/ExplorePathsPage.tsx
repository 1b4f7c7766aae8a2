import { ExploreWorkspace } from '../explore/ExploreWorkspace.tsx';
import { PathsBuilder } from '../explore/PathsBuilder.tsx';
import { PathsResultView } from '../explore/PathsResultView.tsx';

/** /explore/paths: where customers go after an event, or came from before it. */
export function ExplorePathsPage() {
  return <ExploreWorkspace kind="paths" builder={(p) => <PathsBuilder {...p} />} result={(p) => <PathsResultView {...p} />} />;
}
