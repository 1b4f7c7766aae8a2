import { ExploreWorkspace } from '../explore/ExploreWorkspace.tsx';
import { FunnelBuilder } from '../explore/FunnelBuilder.tsx';
import { FunnelResultView } from '../explore/FunnelResultView.tsx';

/** /explore/funnel: which sequence of steps converts, and who drops off where. */
export function ExploreFunnelPage() {
  return <ExploreWorkspace kind="funnel" builder={(p) => <FunnelBuilder {...p} />} result={(p) => <FunnelResultView {...p} />} />;
}
