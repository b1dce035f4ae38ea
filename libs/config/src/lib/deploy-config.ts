export { loadApiDeployConfig } from './api-deploy';
export { loadWebDeployConfig } from './web-deploy';
export { loadPreviewDeployConfig, DEFAULT_GITHUB_API_URL } from './preview-deploy';
export { assertDeployEnvironment } from './deploy-environment';
export { loadReleasesConfig, releasesConfigured } from './releases';
export { loadCiContext } from './ci-context';
