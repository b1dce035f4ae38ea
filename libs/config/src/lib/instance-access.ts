import { kmsKey } from './formats/aws-ids';
import { anyValue } from './formats/numbers';
import type { EnvReader, Parser } from './reader';

/**
 * `<ENV>_…_AWS_KMS_KEY`: optional; when it is an ARN, its region must be the environment's,
 * because Parameter Store can only use a KMS key of its own region.
 */
export function readKmsKey(reader: EnvReader, name: string, region: { name: string; value: string | undefined }): string | undefined {
  const key = reader.optional(name, kmsKey);
  if (key?.region && region.value && key.region !== region.value) {
    reader.problem(name, `is in region ${key.region} but ${region.name} is ${region.value}: Parameter Store can only use a KMS key of its own region`);
    return undefined;
  }
  return key?.id;
}

/**
 * An access key id and its secret, both or neither: one without the other could never sign a
 * request, and would only surface when the API first touches the bucket.
 */
export function readOptionalKeyPair(
  reader: EnvReader,
  idName: string,
  secretName: string,
  parseId: Parser<string>,
): { id: string; secret: string } | undefined {
  const idSet = reader.isSet(idName);
  const secretSet = reader.isSet(secretName);
  if (idSet !== secretSet) {
    const [missing, present] = idSet ? [secretName, idName] : [idName, secretName];
    reader.problem(missing, `is not set, but ${present} is: set both (static keys for the files bucket) or neither (the instance role is used)`);
  }
  const id = reader.optional(idName, parseId);
  const secret = reader.optional(secretName, anyValue);
  return id !== undefined && secret !== undefined ? { id, secret } : undefined;
}
