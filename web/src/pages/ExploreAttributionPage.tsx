import { ExploreWorkspace } from '../explore/ExploreWorkspace.tsx';
import { AttributionBuilder } from '../explore/AttributionBuilder.tsx';
import { AttributionResultView } from '../explore/AttributionResultView.tsx';

/** /explore/attribution: which channels earn the conversions and the revenue, under every model. */
export function ExploreAttributionPage() {
  return <ExploreWorkspace kind="attribution" builder={(p) => <AttributionBuilder {...p} />} result={(p) => <AttributionResultView result={p.result} />} />;
}
