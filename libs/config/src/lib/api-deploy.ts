import { ConfigError } from './config-error';
import { assertDeployEnvironment, variablePrefix } from './deploy-environment';
import { accessKeyId, amiId, awsRegion, instanceProfile, securityGroupId, subnetId, targetGroupArn } from './formats/aws-ids';
import { PRODUCTION_MIN_PBKDF2_ITERATIONS, pbkdf2Iterations, port, secretOfAtLeast } from './formats/numbers';
import { bareBucketName } from './formats/s3-bucket';
import { postgresUrl } from './formats/urls';
import { readOkta } from './okta';
import { parameterPath } from './parameter-store';
import { readKmsKey, readOptionalKeyPair } from './instance-access';
import { EnvReader } from './reader';
import { redactorForEnv } from './redact';
import type { ApiDeployConfig, ApiInstanceEnvironment, DeployEnvironment, Env, InstanceProfileRef } from './types';

/**
 * `<ENV>_API_*`, `<ENV>_OKTA_*`, `<ENV>_JWT_SECRET`. Throws ConfigError listing every problem.
 * Everything the API process needs becomes `instanceEnvironment`, which the deploy writes to
 * Parameter Store under `parameters.path`; the instance reads it with `instanceProfile`.
 */
export function loadApiDeployConfig(environment: DeployEnvironment, env: Env = process.env): ApiDeployConfig {
  assertDeployEnvironment(environment);
  const p = variablePrefix(environment);
  const reader = new EnvReader(env, redactorForEnv(env));

  const ami = reader.required(`${p}API_AWS_AMI`, amiId);
  const region = reader.required(`${p}API_AWS_REGION`, awsRegion);
  const subnet = reader.required(`${p}API_AWS_SUBNET`, subnetId);
  const securityGroup = reader.required(`${p}API_AWS_SECURITY_GROUP`, securityGroupId);
  const targetGroup = reader.required(`${p}API_AWS_TARGET_GROUP`, targetGroupArn);
  const apiPort = reader.required(`${p}API_PORT`, port);
  const databaseUrl = reader.required(`${p}API_DATABASE_URL`, postgresUrl);
  const filesBucket = reader.required(`${p}API_FILES_S3_BUCKET`, bareBucketName);
  const profile = reader.required(`${p}API_AWS_INSTANCE_PROFILE`, instanceProfile);
  const kmsKeyId = readKmsKey(reader, `${p}API_AWS_KMS_KEY`, { name: `${p}API_AWS_REGION`, value: region });
  // Optional: the instance role reaches the files bucket; static keys only for accounts that need them.
  const filesKey = readOptionalKeyPair(reader, `${p}API_AWS_ACCESS_KEY_ID`, `${p}API_AWS_SECRET_ACCESS_KEY`, accessKeyId);
  const iterations = reader.required(`${p}API_PBKDF2_ITERATIONS`, pbkdf2Iterations(PRODUCTION_MIN_PBKDF2_ITERATIONS));
  const sessionSecret = reader.required(`${p}API_SESSION_SECRET`, secretOfAtLeast());
  const jwtSecret = reader.required(`${p}JWT_SECRET`, secretOfAtLeast());
  const okta = readOkta(reader, p);

  // A target group lives in one region; an instance launched elsewhere can never join it.
  if (targetGroup && region && targetGroup.region !== region) {
    reader.problem(
      `${p}API_AWS_TARGET_GROUP`,
      `is in region ${targetGroup.region} but ${p}API_AWS_REGION is ${region}: the instance must be launched in the target group's region`,
    );
  }

  if (reader.problems.length > 0) {
    throw new ConfigError(reader.problems, `Invalid ${environment} API deploy configuration`);
  }
  const instanceEnvironment: ApiInstanceEnvironment = {
    NODE_ENV: 'production',
    PORT: String(apiPort),
    DATABASE_URL: databaseUrl as string,
    FILES_S3_BUCKET: filesBucket as string,
    AWS_REGION: region as string,
    ...(filesKey ? { AWS_ACCESS_KEY_ID: filesKey.id, AWS_SECRET_ACCESS_KEY: filesKey.secret } : {}),
    PBKDF2_ITERATIONS: String(iterations),
    SESSION_SECRET: sessionSecret as string,
    JWT_SECRET: jwtSecret as string,
    TRUST_PROXY: '1',
    ...(okta
      ? {
          OKTA_DOMAIN: okta.domain,
          OKTA_SERVER_ID: okta.serverId,
          OKTA_CLIENT_ID: okta.clientId,
          OKTA_API_KEY: okta.apiKey,
          OKTA_AUDIENCE: okta.audience,
        }
      : {}),
  };
  return {
    environment,
    ami: ami as string,
    region: region as string,
    subnet: subnet as string,
    securityGroup: securityGroup as string,
    targetGroupArn: (targetGroup as { arn: string }).arn,
    port: apiPort as number,
    instanceProfile: profile as InstanceProfileRef,
    parameters: { path: parameterPath(environment), ...(kmsKeyId ? { kmsKeyId } : {}) },
    instanceEnvironment,
  };
}
