import { ExploreWorkspace } from '../explore/ExploreWorkspace.tsx';
import { TrendsBuilder } from '../explore/TrendsBuilder.tsx';
import { TrendsResultView } from '../explore/TrendsResultView.tsx';

/** /explore/trends: how events, customers and revenue move over time. */
export function ExploreTrendsPage() {
  return <ExploreWorkspace kind="trends" builder={(p) => <TrendsBuilder {...p} />} result={(p) => <TrendsResultView {...p} />} />;
}
