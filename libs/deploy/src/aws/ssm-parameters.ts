import {
  DeleteParametersCommand,
  PutParameterCommand,
  SSMClient,
  paginateDescribeParameters,
  paginateGetParametersByPath,
} from '@aws-sdk/client-ssm';
import { DeployError } from '../log/errors';
import type { ParameterWrite, Parameters, StoredParameter } from '../ports/parameters';
import { awsClientSettings } from './client-config';

/** Parameter Store's limits: 10 per GetParametersByPath page and per DeleteParameters call, 50 per DescribeParameters page. */
const PATH_PAGE = 10;
const DESCRIBE_PAGE = 50;
const DELETE_BATCH = 10;

/**
 * The Parameters port on AWS Systems Manager Parameter Store. Translates our words to SDK
 * commands and back. Throttling and 5xx are retried by the SDK's standard strategy
 * (`maxAttempts` from client-config); a value never reaches an error message.
 */
export class SsmParameters implements Parameters {
  constructor(private readonly client: SSMClient) {}

  async readPath(path: string): Promise<StoredParameter[]> {
    const found = new Map<string, StoredParameter>();
    try {
      const pages = paginateGetParametersByPath(
        { client: this.client, pageSize: PATH_PAGE },
        { Path: path, Recursive: false, WithDecryption: true },
      );
      for await (const page of pages) {
        for (const p of page.Parameters ?? []) {
          if (!p.Name) continue;
          found.set(p.Name, { name: p.Name, value: p.Value ?? '', secure: p.Type === 'SecureString' });
        }
      }
      if (found.size === 0) return [];
      // GetParametersByPath does not say which key encrypts a value; DescribeParameters does.
      const described = paginateDescribeParameters(
        { client: this.client, pageSize: DESCRIBE_PAGE },
        { ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: [path] }] },
      );
      for await (const page of described) {
        for (const d of page.Parameters ?? []) {
          const stored = d.Name ? found.get(d.Name) : undefined;
          if (stored && d.KeyId) stored.keyId = d.KeyId;
        }
      }
    } catch (err) {
      throw translate(err, `read the parameters under ${path}`);
    }
    return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async write(parameter: ParameterWrite): Promise<void> {
    try {
      await this.client.send(
        new PutParameterCommand({
          Name: parameter.name,
          Value: parameter.value,
          Type: 'SecureString',
          ...(parameter.keyId ? { KeyId: parameter.keyId } : {}),
          Overwrite: true,
        }),
      );
    } catch (err) {
      throw translate(err, `write ${parameter.name}`);
    }
  }

  async delete(names: string[]): Promise<void> {
    for (let i = 0; i < names.length; i += DELETE_BATCH) {
      const batch = names.slice(i, i + DELETE_BATCH);
      try {
        await this.client.send(new DeleteParametersCommand({ Names: batch }));
      } catch (err) {
        throw translate(err, `delete ${batch.join(', ')}`);
      }
    }
  }
}

export function createSsmParameters(region: string, env: Record<string, string | undefined> = process.env): SsmParameters {
  return new SsmParameters(new SSMClient(awsClientSettings('SSM', region, { env })));
}

/**
 * The errors a person can act on get a hint; the rest pass through (with their AWS name). SDK
 * errors name operations and resources, never the values we sent.
 */
function translate(err: unknown, what: string): unknown {
  const name = (err as { name?: string }).name ?? '';
  if (name === 'AccessDeniedException') {
    return new DeployError(`Parameter Store refused to ${what} (AccessDenied).`, {
      cause: err,
      hint: 'The CI deploy user needs ssm:GetParametersByPath, ssm:DescribeParameters, ssm:PutParameter and ssm:DeleteParameters on the environment\'s path, and kms:Encrypt/Decrypt on its key (see "IAM policies" in the README).',
    });
  }
  if (name === 'InvalidKeyId' || name === 'KMSAccessDeniedException' || name === 'KMSNotFoundException') {
    return new DeployError(`Parameter Store could not use the KMS key to ${what} (${name}).`, {
      cause: err,
      hint: 'Check <ENV>_API_AWS_KMS_KEY / PREVIEW_AWS_KMS_KEY (same region, key enabled) and that the deploy user may use it.',
    });
  }
  return err;
}
