/**
 * The typed shapes produced by this library. Everything that reads the environment
 * (the API process, the deploy executors, the startup-script renderers) consumes one of
 * these instead of `process.env`, so a variable is named, parsed and validated in one place.
 */

/** The environments the pipeline deploys to with a load-balanced backend and an S3 frontend. */
export type DeployEnvironment = 'production' | 'staging';

/** Every environment the seed names, including the per-PR previews. */
export type EnvironmentName = DeployEnvironment | 'preview';

export type Env = Record<string, string | undefined>;

export interface OktaSettings {
  /** e.g. https://example.okta.com (normalised: no trailing slash, https:// added when missing) */
  domain: string;
  serverId: string;
  clientId: string;
  apiKey: string;
  /** `${domain}/oauth2/${serverId}` */
  issuer: string;
  /** Audience expected in access tokens (OKTA_AUDIENCE, default "api://default"). */
  audience: string;
}

export interface LockoutSettings {
  /** Failed logins within `windowSeconds` that lock the account. */
  maxFailedAttempts: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** What the API process reads at run time (PORT, DATABASE_URL, ...). */
export interface ApiRuntimeConfig {
  nodeEnv: 'production' | 'development' | 'test';
  port: number;
  /** Unset means: start an embedded PostgreSQL (development and tests only). */
  databaseUrl?: string;
  /** Unset means: store files on local disk under `filesDirectory`. */
  filesS3Bucket?: string;
  filesDirectory: string;
  awsRegion: string;
  pbkdf2Iterations: number;
  sessionSecret: string;
  /** Session lifetime in seconds. */
  sessionTtlSeconds: number;
  okta?: OktaSettings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Express `trust proxy` setting: false, true, a hop count or a list of addresses. */
  trustProxy: boolean | number | string;
  lockout: LockoutSettings;
  /** Graceful-shutdown budget in milliseconds. */
  shutdownTimeoutMs: number;
  /**
   * DATABASE_STATEMENT_TIMEOUT_MS: PostgreSQL's statement_timeout for the API's queries, and about
   * how long the API waits for a database that does not answer before it answers 503.
   */
  databaseStatementTimeoutMs: number;
  /**
   * PBKDF2_CONCURRENCY: logins whose password hashing runs at once; unset means one less than
   * the CPU cores (at least one), so request handling always keeps a core.
   */
  pbkdf2Concurrency?: number;
  /** PBKDF2_QUEUE_LIMIT: logins that may wait for a turn; beyond that a login gets 503 with Retry-After. */
  pbkdf2QueueLimit: number;
  /** AWS_S3_FORCE_PATH_STYLE: path-style bucket URLs, for S3-compatible servers (e.g. s3rver in tests). */
  s3ForcePathStyle?: boolean;
  /** AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL: where the files bucket's S3 calls go (tests). */
  s3EndpointUrl?: string;
  /** Notes for the log, e.g. "SESSION_SECRET not set: generated a random one for this run". Never contain a secret. */
  notices: string[];
}

/**
 * The runtime environment a deployed API instance is started with. The deploy writes it to
 * Parameter Store (one SecureString per variable under the environment's path); the instance
 * reads it back with its instance profile and writes the API's env file. Never in user data.
 * Keys are the API's runtime variable names.
 */
export interface ApiInstanceEnvironment {
  PORT: string;
  DATABASE_URL: string;
  FILES_S3_BUCKET: string;
  AWS_REGION: string;
  /** Only when `<ENV>_API_AWS_ACCESS_KEY_ID` is set: otherwise the API uses the instance role. */
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  PBKDF2_ITERATIONS: string;
  SESSION_SECRET: string;
  JWT_SECRET: string;
  NODE_ENV: 'production';
  OKTA_DOMAIN?: string;
  OKTA_SERVER_ID?: string;
  OKTA_CLIENT_ID?: string;
  OKTA_API_KEY?: string;
  OKTA_AUDIENCE?: string;
  /** "1": the instance sits behind exactly one proxy, the load balancer. */
  TRUST_PROXY?: string;
}

/** How RunInstances names an instance profile: by name or by ARN. */
export type InstanceProfileRef = { name: string } | { arn: string };

/** Where an environment's instance settings live in AWS Systems Manager Parameter Store. */
export interface ParameterStoreTarget {
  /** One path per environment, e.g. "/eapd/staging"; each variable is "<path>/<NAME>". */
  path: string;
  /** KMS key id, key ARN, alias or alias ARN; undefined: Parameter Store's AWS managed key (alias/aws/ssm). */
  kmsKeyId?: string;
}

/** `<ENV>_API_*`, `<ENV>_OKTA_*`, `<ENV>_JWT_SECRET`: the backend rollover's config. */
export interface ApiDeployConfig {
  environment: DeployEnvironment;
  /** ami-0123456789abcdef0 */
  ami: string;
  region: string;
  /** subnet-... */
  subnet: string;
  /** sg-... */
  securityGroup: string;
  /** arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id> */
  targetGroupArn: string;
  /** The port the API listens on; must match the target group's port. */
  port: number;
  /** `<ENV>_API_AWS_INSTANCE_PROFILE`: the role the instance reads its parameters (and the files bucket) with. */
  instanceProfile: InstanceProfileRef;
  /** Where `instanceEnvironment` is written for the instance to read (`<ENV>_API_AWS_KMS_KEY` encrypts it). */
  parameters: ParameterStoreTarget;
  /** The environment the instance's API process is started with (secrets included: never print it). */
  instanceEnvironment: ApiInstanceEnvironment;
}

/** `<ENV>_WEB_*`: the frontend sync's config. */
export interface WebDeployConfig {
  environment: DeployEnvironment;
  /** Bucket name parsed from `s3://bucket-name[/prefix]`. */
  bucket: string;
  /** Key prefix without leading slash, with trailing slash when non-empty ("" for the bucket root). */
  prefix: string;
  region: string;
  /** Written to the environment's /config.json: relative ("/api", "api.example.gov/api") or absolute ("https://..."). */
  apiUrl: string;
  /** From `<ENV>_OKTA_DOMAIN`, `_SERVER_ID`, `_CLIENT_ID` when all three are set: the sign-in button's settings. */
  okta?: { issuer: string; clientId: string };
  /** Notes for the log, e.g. that Okta was left out because only some of its variables are set. */
  notices: string[];
}

/** `/config.json` of one environment: what the (environment-neutral) web app reads at start-up. */
export interface WebRuntimeConfig {
  /** Relative ("/api", "api.example.gov/api") or absolute ("https://..."). */
  apiUrl: string;
  /** Issuer `<domain>/oauth2/<server id>` and client id; null: no Okta sign-in. */
  okta: { issuer: string; clientId: string } | null;
}

/** `RELEASES_AWS_S3_BUCKET`, `RELEASES_AWS_REGION`: where releases, history and locks live. */
export interface ReleasesConfig {
  bucket: string;
  /** Key prefix without leading slash, with trailing slash when non-empty ("" for the bucket root). */
  prefix: string;
  region: string;
}

/** What the dev server's /config.json is made of (`WEB_*`); nothing else reaches the browser. */
export interface WebBuildConfig {
  /** WEB_API_URL, default "/api". */
  apiUrl: string;
  /** WEB_OKTA_ISSUER and WEB_OKTA_CLIENT_ID: both or neither. */
  okta?: { issuer: string; clientId: string };
}

/** `PREVIEW_*` plus the GitHub settings the preview and its cleanup need. */
export interface PreviewDeployConfig {
  environment: 'preview';
  ami: string;
  region: string;
  subnet: string;
  securityGroup: string;
  pbkdf2Iterations: number;
  okta?: OktaSettings;
  /** `PREVIEW_AWS_INSTANCE_PROFILE`: the role preview instances read their parameters with. */
  instanceProfile: InstanceProfileRef;
  /** Shared by every preview ("/eapd/preview"); `PREVIEW_AWS_KMS_KEY` encrypts it. */
  parameters: ParameterStoreTarget;
  /**
   * What previews read from Parameter Store: PBKDF2_ITERATIONS and the Okta settings (its API key
   * included). The database password and session secret are generated on each preview host.
   */
  instanceEnvironment: Record<string, string>;
  github: {
    /** GITHUB_TOKEN */
    token: string;
    /** GITHUB_API_URL, default https://api.github.com */
    apiUrl: string;
  };
}

/** What CircleCI tells a job about itself (`loadCiContext`). */
export interface CiContext {
  /** CIRCLE_SHA1: the commit being built. */
  sha1?: string;
  /** CIRCLE_TAG: the git tag of a tag build (recorded in the deploy history). */
  tag?: string;
  /** CIRCLE_USERNAME: who started the job (recorded in the deploy history). */
  username?: string;
  /** CIRCLE_PROJECT_USERNAME: the repository's owner. */
  projectUsername?: string;
  /** CIRCLE_PROJECT_REPONAME */
  projectReponame?: string;
  /** CIRCLE_BUILD_URL: the job's page. */
  buildUrl?: string;
  /** CIRCLE_JOB: the job's name. */
  job?: string;
  /** CIRCLE_PULL_REQUEST: the pull request's URL (…/pull/<n>) in a PR build. */
  pullRequest?: string;
}

/** One problem with one variable. */
export interface ConfigProblem {
  variable: string;
  message: string;
}
