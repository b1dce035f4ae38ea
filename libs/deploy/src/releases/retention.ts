/**
 * Object tags the bucket's lifecycle rule selects on (README: "Releases bucket lifecycle").
 * Every archive is published `expirable`; a release becomes `kept` before it is deployed to an
 * environment, and `expirable` again only once it is neither the deployed nor the previous
 * release of any environment. The rule expires `expirable` objects under releases/ only.
 */
export const RETENTION_TAG = 'eapd-retention';
export type RetentionState = 'kept' | 'expirable';
