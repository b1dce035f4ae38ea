/** The subset of package.json the artifact needs. */
export interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * The artifact's package.json: the API build's production dependencies (Nx
 * `generatePackageJson` lists only what the bundle requires), plus `extra` (PM2: shipped in the
 * artifact so an instance needs neither the npm registry nor a global install at boot).
 * Scripts and dev dependencies are dropped: nothing is built or tested on the instance.
 */
export function productionPackageJson(build: PackageJson, extra: Record<string, string> = {}): PackageJson {
  const dependencies: Record<string, string> = { ...(build.dependencies ?? {}), ...extra };
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(dependencies).sort()) sorted[name] = dependencies[name];
  const result: PackageJson = {
    name: build.name ?? 'api',
    version: build.version ?? '0.0.0',
    private: true,
    main: 'main.js',
    dependencies: sorted,
  };
  if (build['overrides']) result['overrides'] = build['overrides'];
  return result;
}
