import { invalid, type Parser } from '../reader';

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
