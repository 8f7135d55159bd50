import { quotaUsage, QuotaLevel, NEARLY_FULL } from './quotaUsage.ts';
import { useQuota, type RequestQuota } from './useQuota.ts';

/** The storage used, under the folders; nothing where the server sets no limit. */
export function QuotaMeter({
  request,
  mailTotal,
}: {
  request: RequestQuota;
  mailTotal: number | null;
}) {
  const quota = useQuota(request, mailTotal);
  if (!quota) return null;
  const usage = quotaUsage(quota);
  return (
    <div className={`quota quota--${usage.level}`}>
      <meter
        className="quota__meter"
        // No "to" in the name ("Storage" has one): `getByLabel('To')` is the composer's field.
        aria-label="Space used"
        aria-valuetext={usage.label}
        min={0}
        max={usage.limit}
        value={Math.min(usage.used, usage.limit)}
        high={usage.limit * NEARLY_FULL}
        optimum={0}
      />
      <p className="quota__label">{usage.label}</p>
      {usage.advice && (
        <p className="quota__advice" role={usage.level === QuotaLevel.Full ? 'alert' : undefined}>
          {usage.advice}
        </p>
      )}
    </div>
  );
}
