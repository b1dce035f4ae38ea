export { loadApiDeployConfig } from './api-deploy';
export { loadWebDeployConfig } from './web-deploy';
export { loadPreviewDeployConfig, DEFAULT_GITHUB_API_URL } from './preview-deploy';
export { assertDeployEnvironment } from './deploy-environment';
export { loadWebRuntimeConfig } from './web-runtime';
export { loadReleasesConfig, releasesConfigured } from './releases';
