import { ExploreWorkspace } from '../explore/ExploreWorkspace.tsx';
import { RetentionBuilder } from '../explore/RetentionBuilder.tsx';
import { RetentionResultView } from '../explore/RetentionResultView.tsx';

/** /explore/retention: who comes back, cohort by cohort. */
export function ExploreRetentionPage() {
  return <ExploreWorkspace kind="retention" builder={(p) => <RetentionBuilder {...p} />} result={(p) => <RetentionResultView result={p.result} query={p.query} />} />;
}
