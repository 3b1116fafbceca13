import { Link } from '@fluentui/react-components';
import type { LabWorklistEntry } from '@hms/core';
import { useLabModel } from './use-lab.js';

/** A collected request's accession on the worklist, opening its result grid. */
export function ResultLink({ entry, className }: { entry: LabWorklistEntry; className?: string }) {
  const lab = useLabModel();
  if (entry.requestId === null) return <span className={className}>{entry.accession}</span>;
  const requestId = entry.requestId;
  return <Link className={className} data-testid="open-results" onClick={() => lab.navigate('lab-results', requestId)}>{entry.accession}</Link>;
}
