import { invalid, type Parser } from '../reader';
import type { InstanceProfileRef } from '../types';

/** EC2 resource ids: the old 8-hex form and the current 17-hex form. */
function ec2Id(prefix: string, what: string, example: string): Parser<string> {
  const pattern = new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
  return (raw) =>
    pattern.test(raw)
      ? raw
      : invalid(`expected ${what} like "${example}" (${prefix}- then 8 or 17 lowercase hex digits)`);
}

export const amiId = ec2Id('ami', 'an AMI id', 'ami-0123456789abcdef0');
export const subnetId = ec2Id('subnet', 'a subnet id', 'subnet-0123456789abcdef0');
export const securityGroupId = ec2Id('sg', 'a security group id', 'sg-0123456789abcdef0');

/**
 * AWS region names: <area>[-gov|-iso…]-<direction>-<n>. Checked by shape rather than against
 * a list, because AWS opens regions more often than we release.
 */
const REGION =
  /^[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;

export const awsRegion: Parser<string> = (raw) =>
  REGION.test(raw) ? raw : invalid('expected an AWS region name like "us-east-1"');

export interface TargetGroupArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  name: string;
}

const TARGET_GROUP_ARN =
  /^arn:(aws[-a-z]*):elasticloadbalancing:([a-z0-9-]+):(\d{12}):targetgroup\/([A-Za-z0-9-]{1,32})\/([0-9a-f]{16})$/;

export const targetGroupArn: Parser<TargetGroupArn> = (raw) => {
  const match = TARGET_GROUP_ARN.exec(raw);
  if (!match || !REGION.test(match[2])) {
    return invalid('expected an ELBv2 target group ARN', {
      hint: 'like "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/eapd-api/0123456789abcdef"',
    });
  }
  return { arn: raw, partition: match[1], region: match[2], accountId: match[3], name: match[4] };
};

/** Access key ids are 16–128 uppercase letters and digits (AKIA… long-term, ASIA… temporary). */
export const accessKeyId: Parser<string> = (raw) =>
  /^[A-Z0-9]{16,128}$/.test(raw)
    ? raw
    : invalid('expected an AWS access key id: 16 to 128 uppercase letters and digits, like "AKIA…"');

const INSTANCE_PROFILE_NAME = /^[\w+=,.@-]{1,128}$/;
const INSTANCE_PROFILE_ARN = /^arn:aws[-a-z]*:iam::\d{12}:instance-profile\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

/**
 * An IAM instance profile: its name ("eapd-api-staging") or ARN
 * ("arn:aws:iam::123456789012:instance-profile/eapd-api-staging"). A role ARN is the usual
 * mix-up (the console shows the role first); EC2 takes the instance profile that wraps it.
 */
export const instanceProfile: Parser<InstanceProfileRef> = (raw) => {
  if (INSTANCE_PROFILE_ARN.test(raw)) return { arn: raw };
  if (INSTANCE_PROFILE_NAME.test(raw)) return { name: raw };
  if (/^arn:aws[-a-z]*:iam::\d{12}:role\//.test(raw)) {
    return invalid('expected an instance profile, got a role ARN', {
      showValue: false,
      hint: 'EC2 launches with the instance profile that holds the role: use ":instance-profile/<name>" (often the role\'s own name)',
    });
  }
  return invalid('expected an IAM instance profile name or ARN', {
    hint: 'a name of letters, digits and +=,.@_- up to 128 characters, or "arn:aws:iam::123456789012:instance-profile/eapd-api"',
  });
};

/** A KMS key as PutParameter's KeyId takes it; `region` when the value is an ARN. */
export interface KmsKeyRef {
  id: string;
  region?: string;
}

const KMS_KEY_ID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})';
const KMS_ALIAS = 'alias/[A-Za-z0-9/_-]{1,250}';
const KMS_ARN = new RegExp(`^arn:aws[-a-z]*:kms:([a-z0-9-]+):\\d{12}:(key/${KMS_KEY_ID}|${KMS_ALIAS})$`);

/**
 * A customer managed KMS key for SecureString parameters: key id, key ARN, alias name
 * ("alias/eapd-staging") or alias ARN. "alias/aws/ssm" is Parameter Store's own AWS managed key
 * (the default); other "alias/aws/…" keys belong to other services and cannot be used.
 */
export const kmsKey: Parser<KmsKeyRef> = (raw) => {
  const arn = KMS_ARN.exec(raw);
  if (arn) {
    if (!REGION.test(arn[1])) return invalid(`expected a KMS key ARN with a region like "us-east-1"`);
    return { id: raw, region: arn[1] };
  }
  if (new RegExp(`^${KMS_KEY_ID}$`).test(raw)) return { id: raw };
  if (new RegExp(`^${KMS_ALIAS}$`).test(raw)) {
    if (raw.startsWith('alias/aws/') && raw !== 'alias/aws/ssm') {
      return invalid('names an AWS managed key of another service; Parameter Store can use only its own ("alias/aws/ssm") or a customer managed key');
    }
    return { id: raw };
  }
  return invalid('expected a KMS key id, key ARN, alias ("alias/eapd-staging") or alias ARN', {
    hint: 'e.g. "1234abcd-12ab-34cd-56ef-1234567890ab" or "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
  });
};
