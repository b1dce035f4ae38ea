import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { loadRuntimeConfig } from './config/runtime-config';
import { t } from './content/content';

const root = document.getElementById('root') as HTMLElement;

// The environment's settings come from /config.json, read once before the app renders: the
// bundle is the same for every environment (see config/runtime-config.ts).
loadRuntimeConfig().then(
  (config) =>
    createRoot(root).render(
      <StrictMode>
        <App apiUrl={config.apiUrl} okta={config.okta} />
      </StrictMode>,
    ),
  (error: unknown) => {
    console.error(error);
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = t('errors.config-unavailable');
    root.replaceChildren(message);
  },
);
