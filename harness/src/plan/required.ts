import type { CheckRecord } from '../results/check-record.js';

/**
 * A required check is decided only when it passed or failed: skipped, not measured or still
 * invalid after re-measuring is broken, with the reason on one line. Applied where a record is
 * written (so Allure and the record agree) and again when the run is decided. Pure, idempotent.
 */
export function applyRequired(record: CheckRecord): CheckRecord {
  if (!record.required || (record.status !== 'skipped' && record.status !== 'invalid')) return record;
  // The board cannot do it at all (named in the verdict): nothing went missing.
  if (record.verdict?.unsupported) return record;
  const why = (record.verdict?.message ?? record.error ?? record.status).split('\n')[0]!;
  return {
    ...record,
    status: 'broken',
    error: `${record.check} is required${record.requiredBy ? ` (${record.requiredBy})` : ''} but was ${record.status === 'invalid' ? 'still invalid after re-measuring' : 'not decided'}: ${why}`,
    errorCode: 'HIL_REQUIRED_NOT_DECIDED',
  };
}
