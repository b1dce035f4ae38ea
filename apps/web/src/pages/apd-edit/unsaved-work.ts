import { useEffect, useMemo, useRef } from 'react';
import { useApp } from '../../app/app-context';
import { useLeaveGuard } from '../../router/leave-guard';
import type { ApdForm } from './apd-form';

/** The form without its React keys: what decides whether anything changed. */
export function formSnapshot(form: ApdForm): string {
  return JSON.stringify({
    name: form.name,
    years: form.years,
    summary: form.summary,
    activities: form.activities.map(({ name, description, budget }) => ({
      name,
      description,
      budget: budget.map(({ year, category, federalSharePercent, amount }) => ({ year, category, federalSharePercent, amount })),
    })),
  });
}

/**
 * Keeps unsaved edits from being lost: asks before leaving the page (links, back, reload,
 * sign-out), and hands the form to the app to keep if the session ends meanwhile.
 */
export function useUnsavedWork(options: { form: ApdForm; saved: string; path: string; baseVersion: number | null }) {
  const { keepDraftOnSessionEnd } = useApp();
  const dirty = useMemo(() => formSnapshot(options.form) !== options.saved, [options.form, options.saved]);
  const guard = useLeaveGuard(dirty);
  const latest = useRef({ ...options, dirty });
  latest.current = { ...options, dirty };

  useEffect(() => {
    keepDraftOnSessionEnd(() => {
      const { dirty: unsaved, path, baseVersion, form } = latest.current;
      return unsaved ? { path, baseVersion, form } : null;
    });
    return () => keepDraftOnSessionEnd(null);
  }, [keepDraftOnSessionEnd]);

  return { dirty, guard };
}
