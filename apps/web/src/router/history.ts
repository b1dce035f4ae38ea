// Client-side navigation with the History API (no router library: keeps the bundle small), with
// one guard that can hold any way of leaving the current page: an in-app link or navigate(),
// the browser's back and forward buttons, or an action such as signing out. (Reload and closing
// the tab are the browser's own prompt: see useLeaveGuard.)

/** Asked before leaving; returns true when it takes over (it calls `proceed` if the user agrees). */
export type LeaveGuard = (proceed: () => void) => boolean;

const listeners = new Set<() => void>();
let guard: LeaveGuard | null = null;
// Each entry we create carries its position, so a back or forward can be undone exactly.
let position = 0;
// Set while we move through history ourselves (undoing a held back, or completing it).
let ownMove: 'undo' | 'redo' | null = null;

const indexOf = (state: unknown) =>
  state && typeof state === 'object' && typeof (state as { idx?: unknown }).idx === 'number' ? (state as { idx: number }).idx : 0;

function notify() {
  listeners.forEach((listener) => listener());
}

function onPopState(event: PopStateEvent) {
  const target = indexOf(event.state);
  const delta = target - position;
  if (ownMove === 'undo') {
    ownMove = null; // back where we were: nothing changed for the page
    return;
  }
  if (ownMove !== 'redo' && guard && delta !== 0) {
    let proceeded = false;
    const held = guard(() => {
      proceeded = true;
      ownMove = 'redo';
      window.history.go(delta);
    });
    if (held && !proceeded) {
      ownMove = 'undo';
      window.history.go(-delta);
      return;
    }
  }
  ownMove = null;
  position = target;
  notify();
}

let installed = false;
function install() {
  if (installed || typeof window === 'undefined') return;
  installed = true;
  position = indexOf(window.history.state);
  if (window.history.state?.idx === undefined) window.history.replaceState({ ...window.history.state, idx: position }, '');
  window.addEventListener('popstate', onPopState);
}

/** Runs `action` now, or after the user agrees to leave when a guard holds the page. */
export function whenLeaveAllowed(action: () => void): void {
  install();
  if (guard && guard(action)) return;
  action();
}

export interface NavigateOptions {
  replace?: boolean;
  /** Skips the leave guard: the session ended, or the page itself finished (e.g. after a save). */
  force?: boolean;
}

export function navigate(path: string, options: NavigateOptions = {}): void {
  install();
  const go = () => {
    if (options.replace) window.history.replaceState({ idx: position }, '', path);
    else window.history.pushState({ idx: ++position }, '', path);
    notify();
  };
  const here = window.location.pathname + window.location.search;
  if (options.force || path === here) go();
  else whenLeaveAllowed(go);
}

/** Installs the page's guard; returns the function that removes it. */
export function setLeaveGuard(next: LeaveGuard): () => void {
  install();
  guard = next;
  return () => {
    if (guard === next) guard = null;
  };
}

export function subscribe(listener: () => void): () => void {
  install();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** For tests: forget the guard and any move in progress. */
export function resetHistoryForTests(): void {
  guard = null;
  ownMove = null;
  position = indexOf(window.history.state);
}
