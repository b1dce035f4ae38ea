import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { navigate, subscribe } from './history';

export { navigate, whenLeaveAllowed } from './history';

export function useLocationPath(): string {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    const unsubscribe = subscribe(update);
    update(); // a navigation between the first render and this effect
    return unsubscribe;
  }, []);
  return path;
}

export type Route =
  | { page: 'sign-in' }
  | { page: 'okta-callback' }
  | { page: 'apd-list' }
  | { page: 'apd-new' }
  | { page: 'apd-edit'; id: string }
  | { page: 'not-found' };

export function matchRoute(path: string): Route {
  if (path === '/' || path === '/apds' || path === '/apds/') return { page: 'apd-list' };
  if (path === '/sign-in') return { page: 'sign-in' };
  if (path === '/login/callback') return { page: 'okta-callback' };
  if (path === '/apds/new') return { page: 'apd-new' };
  const edit = /^\/apds\/([^/]+)$/.exec(path);
  if (edit) return { page: 'apd-edit', id: decodeURIComponent(edit[1]) };
  return { page: 'not-found' };
}

/** An <a> that navigates in-app on a plain click and behaves normally otherwise (new tab, etc.). */
export function Link({ href, onClick, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
