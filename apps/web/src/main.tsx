import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App apiUrl={__WEB_API_URL__} okta={__WEB_OKTA__} />
  </StrictMode>,
);
