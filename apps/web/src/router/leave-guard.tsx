import { useCallback, useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog';
import { t } from '../content/content';
import { setLeaveGuard } from './history';

/**
 * While `active` (unsaved changes), leaving the page asks first: in-app links, navigate(),
 * back/forward and sign-out show our dialog; reload and closing the tab get the browser's own
 * prompt (browsers allow no other text there).
 */
export function useLeaveGuard(active: boolean) {
  const [pending, setPending] = useState<{ proceed: () => void } | null>(null);
  const activeRef = useRef(active);
  activeRef.current = active;

  useEffect(
    () =>
      setLeaveGuard((proceed) => {
        if (!activeRef.current) return false;
        setPending({ proceed });
        return true;
      }),
    [],
  );

  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = ''; // older Chromium shows the prompt only with this set
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [active]);

  const stay = useCallback(() => setPending(null), []);
  const leave = useCallback(() => {
    const chosen = pending;
    setPending(null);
    activeRef.current = false; // the page is going away: nothing more to hold
    chosen?.proceed();
  }, [pending]);

  return { asking: pending !== null, stay, leave };
}

/** The "Leave without saving?" question for a page using useLeaveGuard. */
export function LeaveDialog({ guard }: { guard: ReturnType<typeof useLeaveGuard> }) {
  if (!guard.asking) return null;
  return (
    <ConfirmDialog
      title={t('apd-edit.leave.title')}
      body={t('apd-edit.leave.body')}
      cancelLabel={t('apd-edit.leave.stay')}
      confirmLabel={t('apd-edit.leave.confirm')}
      onCancel={guard.stay}
      onConfirm={guard.leave}
    />
  );
}
