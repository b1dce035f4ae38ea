import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The boot-time half of "settings by reference" (source: read-parameters.instance.js). It
 * ships inside every release, next to the SDK it needs, so the user data stays small and holds
 * only the parameter path: `api:artifact` writes it as `read-parameters.js` at the release's
 * root, and a preview built from source runs it from the source tree.
 */
export const READ_PARAMETERS_FILE = 'read-parameters.js';

/** Where a source checkout holds it (previews built from source on the instance). */
export const READ_PARAMETERS_SOURCE_PATH = 'libs/deploy/src/startup/read-parameters.instance.js';

/** The packages it requires, added to every release's production dependencies. */
export const READ_PARAMETERS_PACKAGES = ['@aws-sdk/client-ssm', '@smithy/credential-provider-imds'] as const;

/** Its text as a release carries it. */
export const READ_PARAMETERS_SCRIPT = readFileSync(join(__dirname, 'read-parameters.instance.js'), 'utf8');
