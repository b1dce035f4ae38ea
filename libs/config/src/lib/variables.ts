import { DEFAULT_PARAMETERS_KMS_KEY, parameterPath } from './parameter-store';
import { isSecretName } from './redact';
import type { DeployEnvironment } from './types';

/**
 * Every environment variable the project reads, as data: the README's table, `--help`
 * outputs and the loaders' "is not set (…)" messages all come from here.
 */
export type VariableGroup =
  | 'API runtime'
  | 'Web build'
  | 'CI and tooling'
  | 'Releases'
  | 'Production deploy'
  | 'Staging deploy'
  | 'Preview deploy';

export interface EnvironmentVariable {
  name: string;
  group: VariableGroup;
  /** true: always; 'production': only when NODE_ENV=production; false: optional. */
  required: boolean | 'production';
  /** Its value is never printed (the redactor masks it everywhere). */
  secret: boolean;
  description: string;
  /** What applies when it is unset. */
  default?: string;
}

type Row = [name: string, required: boolean | 'production', description: string, defaultValue?: string];

function rows(group: VariableGroup, list: Row[]): EnvironmentVariable[] {
  return list.map(([name, required, description, defaultValue]) => ({
    name,
    group,
    required,
    secret: isSecretName(name),
    description,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  }));
}

const OKTA_ROWS = (prefix: string): Row[] => [
  [`${prefix}OKTA_DOMAIN`, false, 'Okta org domain, e.g. example.okta.com. The four Okta variables are set all together or not at all.'],
  [`${prefix}OKTA_SERVER_ID`, false, 'Okta authorization server id, e.g. "default".'],
  [`${prefix}OKTA_CLIENT_ID`, false, 'Okta client id of the application.'],
  [`${prefix}OKTA_API_KEY`, false, 'Okta API key (secret).'],
  [`${prefix}OKTA_AUDIENCE`, false, 'Audience expected in Okta access tokens.', 'api://default'],
];

const API_RUNTIME: Row[] = [
  ['NODE_ENV', false, 'production, development or test. Production requires every secret and refuses weak ones.', 'development'],
  ['PORT', false, 'Port the API listens on.', '8000'],
  ['DATABASE_URL', 'production', 'PostgreSQL URL. Unset in development: an embedded PostgreSQL is started.'],
  ['FILES_S3_BUCKET', false, 'Bare S3 bucket name for uploaded files. Unset: files are kept on local disk under FILES_DIR.'],
  ['FILES_DIR', false, 'Folder for uploaded files when FILES_S3_BUCKET is unset.', '.data/files'],
  ['AWS_REGION', false, 'AWS region of the files bucket.', 'us-east-1'],
  ['PBKDF2_ITERATIONS', 'production', 'Password-hashing iterations; at least 100,000 in production, calibrated to ~300 ms on the host.', '1000 outside production'],
  ['SESSION_SECRET', 'production', 'Key that signs session tokens; at least 32 bytes.', 'random per process outside production'],
  ['SESSION_TTL_SECONDS', false, 'Session lifetime in seconds.', '28800'],
  ...OKTA_ROWS(''),
  ['LOG_LEVEL', false, 'fatal, error, warn, info, debug, trace or silent.', 'info (silent under NODE_ENV=test)'],
  ['TRUST_PROXY', false, 'Express "trust proxy": true, false, a hop count or addresses. Set 1 behind one load balancer.', 'false'],
  ['LOGIN_MAX_FAILED_ATTEMPTS', false, 'Failed logins within the window that lock an account.', '5'],
  ['LOGIN_FAILURE_WINDOW_SECONDS', false, 'Window in which failed logins are counted.', '900'],
  ['LOGIN_LOCK_SECONDS', false, 'How long a locked account stays locked.', '900'],
  ['SHUTDOWN_TIMEOUT_MS', false, 'Time allowed to drain requests on SIGTERM before exiting.', '10000'],
  ['DATABASE_STATEMENT_TIMEOUT_MS', false, 'Longest a database statement may run (PostgreSQL statement_timeout). A database that does not answer (down, frozen, pool exhausted) gets a 503 with Retry-After after about this long, never a hang.', '5000'],
  ['PBKDF2_CONCURRENCY', false, 'Logins whose password hashing runs at once; the rest wait their turn, so request handling always keeps a core.', 'CPU cores - 1 (at least 1)'],
  ['PBKDF2_QUEUE_LIMIT', false, 'Logins that may wait for a turn; beyond that a login is answered 503 with Retry-After.', '32'],
  ['AWS_S3_FORCE_PATH_STYLE', false, 'Use path-style S3 URLs (for S3-compatible servers in tests).', 'false'],
  ['JWT_SECRET', false, 'Set on deployed instances from <ENV>_JWT_SECRET (a seed variable). The API signs sessions with SESSION_SECRET and does not read it.'],
  ['API_VERSION', false, 'Version reported by /api/health when the API does not run from an artifact (whose manifest.json wins).'],
  ['GIT_SHA', false, 'Commit the API reports as <version>+<sha> when neither manifest.json nor API_VERSION is present.'],
  ['API_DATA_DIR', false, 'Development only (dev.js, npm start): folder of the embedded PostgreSQL data.', '.data/postgres'],
];

const WEB_BUILD: Row[] = [
  ['WEB_API_URL', false, 'nx serve web / npm start: API URL in the dev server\'s /config.json, relative ("/api", "api.example.gov/api") or absolute. The build itself holds none.', '/api'],
  ['WEB_OKTA_ISSUER', false, 'nx serve web: Okta issuer in the dev server\'s /config.json (sign-in button shown only with WEB_OKTA_CLIENT_ID).'],
  ['WEB_OKTA_CLIENT_ID', false, 'nx serve web: Okta client id in the dev server\'s /config.json.'],
];

const CI: Row[] = [
  ['AWS_ACCESS_KEY_ID', true, 'Access key id of the CI/CD user that runs deploys (policy in the README). On an API instance only when <ENV>_API_AWS_ACCESS_KEY_ID is set; otherwise the instance role.'],
  ['AWS_SECRET_ACCESS_KEY', true, 'Secret access key of the CI/CD user (on an API instance: from <ENV>_API_AWS_SECRET_ACCESS_KEY, when set).'],
  ['AWS_ENDPOINT_URL', false, 'Send every AWS call to this endpoint (tests against local servers); the API uses it for the files bucket too.'],
  ['AWS_ENDPOINT_URL_<SERVICE>', false, 'Per-service endpoint: AWS_ENDPOINT_URL_S3, _EC2, _ELASTIC_LOAD_BALANCING_V2, _SSM; wins over AWS_ENDPOINT_URL.'],
  ['AWS_SESSION_TOKEN', false, 'Session token that goes with temporary AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (e.g. from an assumed role).'],
  ['CIRCLE_TOKEN', false, 'CircleCI API token for the pipeline\'s own API calls; never read by a deploy, never sent to an instance (instances fetch releases by presigned URL).'],
  ['CODECOV_TOKEN', false, 'codecov.io upload token for coverage reports.'],
  ['CIRCLE_SHA1', false, 'Set by CircleCI: the commit being built; api:preview previews its release when no --sha is given (deploys name theirs with --release=$CIRCLE_SHA1).'],
  ['CIRCLE_WORKFLOW_ID', false, 'Set by CircleCI: the workflow; tools:deploy-record names a pipeline\'s deploy record after it.'],
  ['CIRCLE_TAG', false, 'Set by CircleCI in tag builds: recorded as the release\'s tag in the deploy history.'],
  ['CIRCLE_USERNAME', false, 'Set by CircleCI: who started the job, recorded as "who" in the deploy history and the environment lock (else the local user).'],
  ['CIRCLE_PROJECT_USERNAME', false, 'Set by CircleCI: the repository owner (api:preview and api:preview-cleanup).'],
  ['CIRCLE_PROJECT_REPONAME', false, 'Set by CircleCI: the repository name (api:preview and api:preview-cleanup).'],
  ['CIRCLE_BUILD_URL', false, 'Set by CircleCI: the job page, recorded as where a deploy ran (history, environment lock, rollover marker).'],
  ['CIRCLE_JOB', false, 'Set by CircleCI: the job name, recorded with CIRCLE_BUILD_URL.'],
  ['CIRCLE_PULL_REQUEST', false, 'Set by CircleCI in pull request builds: the pull request URL, whose number api:preview uses when no --pr is given.'],
  ['WEB_PORT', false, 'npm start: port of the web dev server (0 = any free port).', '4200'],
  ['WEB_DEV_API_TARGET', false, 'nx serve web: where the dev server proxies /api.', 'http://127.0.0.1:8000'],
  ['CHROME_PATH', false, 'Chromium for the browser test, when not at /usr/bin/chromium or another usual path.'],
];

const RELEASES: Row[] = [
  ['RELEASES_AWS_S3_BUCKET', true, 'S3 URL of the releases bucket shared by every environment, e.g. s3://eapd-releases or s3://bucket/prefix: releases/<git-sha>/, the deploy history and the environment locks.'],
  ['RELEASES_AWS_REGION', true, 'AWS region of the releases bucket.'],
];

function deployRows(environment: 'PRODUCTION' | 'STAGING'): Row[] {
  const e = environment;
  return [
    [`${e}_API_AWS_AMI`, true, 'AMI the API instance is launched from, e.g. ami-0123456789abcdef0.'],
    [`${e}_API_AWS_REGION`, true, 'AWS region of the API instance, e.g. us-east-1.'],
    [`${e}_API_AWS_SUBNET`, true, 'Subnet of the API instance, e.g. subnet-0123456789abcdef0.'],
    [`${e}_API_AWS_SECURITY_GROUP`, true, 'Security group of the API instance, e.g. sg-0123456789abcdef0.'],
    [`${e}_API_AWS_TARGET_GROUP`, true, 'ARN of the ELBv2 target group the API instance joins.'],
    [`${e}_API_PORT`, true, 'Port the API listens on; must match the target group port.'],
    [`${e}_API_DATABASE_URL`, true, 'PostgreSQL URL of the API database.'],
    [`${e}_API_FILES_S3_BUCKET`, true, 'Bare bucket name for uploaded files (not an s3:// URL).'],
    [`${e}_API_AWS_INSTANCE_PROFILE`, true, `IAM instance profile (name or ARN) the API instance runs with: it reads ${parameterPath(environment.toLowerCase() as DeployEnvironment)}/* from Parameter Store and reaches the files bucket. Policy in the README.`],
    [`${e}_API_AWS_KMS_KEY`, false, `KMS key (id, ARN, alias/<name> or alias ARN, in the API's region) that encrypts the ${parameterPath(environment.toLowerCase() as DeployEnvironment)}/* parameters.`, `${DEFAULT_PARAMETERS_KMS_KEY} (AWS managed)`],
    [`${e}_API_AWS_ACCESS_KEY_ID`, false, 'Optional static key for the files bucket; the instance role is preferred. Set both or neither; stored in Parameter Store, never in user data.'],
    [`${e}_API_AWS_SECRET_ACCESS_KEY`, false, 'Secret of the optional files-bucket key (with its _ACCESS_KEY_ID).'],
    [`${e}_API_PBKDF2_ITERATIONS`, true, 'Password-hashing iterations (at least 100,000), calibrated to ~300 ms on the instance type.'],
    [`${e}_API_SESSION_SECRET`, true, 'Key that signs session tokens; at least 32 bytes.'],
    [`${e}_JWT_SECRET`, true, 'JWT secret passed to the API as JWT_SECRET; at least 32 bytes.'],
    ...OKTA_ROWS(`${e}_`),
    [`${e}_WEB_AWS_S3_BUCKET`, true, 'S3 URL of the web bucket, e.g. s3://my-bucket or s3://my-bucket/prefix.'],
    [`${e}_WEB_AWS_REGION`, true, 'AWS region of the web bucket.'],
    [`${e}_WEB_API_URL`, true, 'API URL written to the environment\'s /config.json: relative ("/api", "api.example.gov/api") or absolute.'],
  ];
}

const PREVIEW: Row[] = [
  ['PREVIEW_AWS_AMI', true, 'AMI the preview instance is launched from.'],
  ['PREVIEW_AWS_REGION', true, 'AWS region of preview instances.'],
  ['PREVIEW_AWS_SUBNET', true, 'Subnet of preview instances.'],
  ['PREVIEW_AWS_SECURITY_GROUP', true, 'Security group of preview instances.'],
  ['PREVIEW_API_PBKDF2_ITERATIONS', true, 'Password-hashing iterations on previews (at least 100,000).'],
  ['PREVIEW_AWS_INSTANCE_PROFILE', true, `IAM instance profile (name or ARN) preview instances run with: it reads ${parameterPath('preview')}/* from Parameter Store. Policy in the README.`],
  ['PREVIEW_AWS_KMS_KEY', false, `KMS key (id, ARN, alias/<name> or alias ARN, in the preview region) that encrypts the ${parameterPath('preview')}/* parameters.`, `${DEFAULT_PARAMETERS_KMS_KEY} (AWS managed)`],
  ...OKTA_ROWS('PREVIEW_'),
  ['GITHUB_TOKEN', true, 'GitHub token that comments the preview link on the pull request and lists open pull requests.'],
  ['GITHUB_API_URL', false, 'GitHub API base URL (GitHub Enterprise or a local test server).', 'https://api.github.com'],
];

export function describeEnvironmentVariables(): EnvironmentVariable[] {
  return [
    ...rows('API runtime', API_RUNTIME),
    ...rows('Web build', WEB_BUILD),
    ...rows('CI and tooling', CI),
    ...rows('Releases', RELEASES),
    ...rows('Production deploy', deployRows('PRODUCTION')),
    ...rows('Staging deploy', deployRows('STAGING')),
    ...rows('Preview deploy', PREVIEW),
  ];
}

/** The description of one variable, for "is not set (…)" messages. */
export function describeVariable(name: string): string | undefined {
  return describeEnvironmentVariables().find((v) => v.name === name)?.description;
}
