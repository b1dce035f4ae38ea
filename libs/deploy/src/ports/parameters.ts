/**
 * The parameters port: the few Parameter Store operations the deploys need, in our own words.
 * An environment's instance settings are the parameters directly under one path
 * ("/eapd/staging/DATABASE_URL", …), each a SecureString. The AWS adapter
 * (aws/ssm-parameters.ts) translates; the engine never sees an SDK type.
 */

export interface StoredParameter {
  /** The full name, "/eapd/staging/DATABASE_URL". */
  name: string;
  /** Decrypted. A secret: never print it, never put it in an error. */
  value: string;
  /** False for a plain String parameter (someone created it by hand). */
  secure: boolean;
  /** The KMS key it is encrypted with, as Parameter Store reports it (SecureString only). */
  keyId?: string;
}

export interface ParameterWrite {
  name: string;
  value: string;
  /** KMS key id, ARN or alias; undefined: Parameter Store's AWS managed key (alias/aws/ssm). */
  keyId?: string;
}

export interface Parameters {
  /** Every parameter directly under `path` (not deeper), decrypted, all pages. */
  readPath(path: string): Promise<StoredParameter[]>;
  /** Creates or overwrites one SecureString parameter. */
  write(parameter: ParameterWrite): Promise<void>;
  /** Deletes these parameters; names that do not exist are ignored. */
  delete(names: string[]): Promise<void>;
}
