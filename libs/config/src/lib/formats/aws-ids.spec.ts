import { isInvalid } from '../reader';
import { accessKeyId, amiId, awsRegion, instanceProfile, kmsKey, securityGroupId, subnetId, targetGroupArn } from './aws-ids';

describe('EC2 ids', () => {
  it.each([
    [amiId, 'ami-12345678'],
    [amiId, 'ami-0123456789abcdef0'],
    [subnetId, 'subnet-0abc1234'],
    [subnetId, 'subnet-0123456789abcdef0'],
    [securityGroupId, 'sg-0abc1234'],
    [securityGroupId, 'sg-0123456789abcdef0'],
  ])('accepts %#: %s', (parse, raw) => expect(parse(raw)).toBe(raw));

  it.each([
    [amiId, 'ami-123'],
    [amiId, 'ami-0123456789ABCDEF0'],
    [amiId, 'ami-0123456789abcdef'],
    [amiId, 'ami-0123456789abcdef01'],
    [amiId, 'ami-1234567g'],
    [amiId, 'sg-12345678'],
    [amiId, 'AMI-12345678'],
    [subnetId, 'sn-12345678'],
    [subnetId, 'subnet-12345'],
    [securityGroupId, 'sg-xyz'],
    [securityGroupId, 'default'],
  ])('refuses %#: %s', (parse, raw) => expect(isInvalid(parse(raw))).toBe(true));

  it('says which form is expected', () => {
    expect(amiId('ami-1')).toMatchObject({ message: expect.stringContaining('ami- then 8 or 17 lowercase hex digits') });
  });
});

describe('awsRegion', () => {
  it.each(['us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-3', 'us-gov-west-1', 'cn-north-1', 'il-central-1', 'us-isob-east-1', 'ca-west-1'])(
    'accepts %s',
    (raw) => expect(awsRegion(raw)).toBe(raw),
  );
  it.each(['us-east', 'US-EAST-1', 'useast1', 'us-middle-1', 'us-east-1a', 'moon-east-1', ''])('refuses %j', (raw) =>
    expect(isInvalid(awsRegion(raw))).toBe(true),
  );
});

describe('targetGroupArn', () => {
  it('parses a target group ARN into its parts', () => {
    expect(targetGroupArn('arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/eapd-api/0123456789abcdef')).toEqual({
      arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/eapd-api/0123456789abcdef',
      partition: 'aws',
      region: 'us-east-1',
      accountId: '123456789012',
      name: 'eapd-api',
    });
  });

  it('accepts other partitions', () => {
    expect(targetGroupArn('arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:targetgroup/api/0123456789abcdef')).toMatchObject({
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
    });
  });

  it.each([
    'tg-123',
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-lb/0123456789abcdef',
    'arn:aws:elasticloadbalancing:us-east-1:12345678901:targetgroup/api/0123456789abcdef',
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcde',
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789ABCDEF',
    'arn:aws:elasticloadbalancing:nowhere:123456789012:targetgroup/api/0123456789abcdef',
    'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a-name-that-is-longer-than-32-chars/0123456789abcdef',
    'arn:aws:ec2:us-east-1:123456789012:targetgroup/api/0123456789abcdef',
  ])('refuses %s', (raw) => expect(targetGroupArn(raw)).toMatchObject({ invalid: true, message: 'expected an ELBv2 target group ARN' }));
});

describe('accessKeyId', () => {
  it('accepts AKIA and ASIA ids', () => {
    expect(accessKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(accessKeyId('ASIAIOSFODNN7EXAMPLE')).toBe('ASIAIOSFODNN7EXAMPLE');
  });
  it.each(['akiaiosfodnn7example', 'AKIA-123', 'SHORT'])('refuses %s', (raw) => expect(isInvalid(accessKeyId(raw))).toBe(true));
});

describe('instanceProfile', () => {
  it.each([
    ['eapd-api-production', { name: 'eapd-api-production' }],
    ['Eapd+API=1,x.y@z_w-v', { name: 'Eapd+API=1,x.y@z_w-v' }],
    ['arn:aws:iam::123456789012:instance-profile/eapd-api', { arn: 'arn:aws:iam::123456789012:instance-profile/eapd-api' }],
    ['arn:aws-us-gov:iam::123456789012:instance-profile/teams/eapd/api', { arn: 'arn:aws-us-gov:iam::123456789012:instance-profile/teams/eapd/api' }],
  ])('accepts %s', (raw, parsed) => expect(instanceProfile(raw)).toEqual(parsed));

  it.each([
    ['', 'name or ARN'],
    ['eapd api', 'name or ARN'],
    ['x'.repeat(129), 'name or ARN'],
    ['teams/eapd-api', 'name or ARN'],
    ['arn:aws:iam::12345:instance-profile/x', 'name or ARN'],
    ['arn:aws:iam::123456789012:role/eapd-api', 'got a role ARN'],
    ["eapd'$(reboot)", 'name or ARN'],
  ])('refuses %s', (raw, message) => {
    const result = instanceProfile(raw);
    expect(isInvalid(result) && result.message).toContain(message);
  });
});

describe('kmsKey', () => {
  it.each([
    ['1234abcd-12ab-34cd-56ef-1234567890ab', {}],
    ['mrk-1234abcd12ab34cd56ef1234567890ab', {}],
    ['alias/eapd-staging', {}],
    ['alias/aws/ssm', {}],
    ['arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', { region: 'us-east-1' }],
    ['arn:aws:kms:eu-west-2:123456789012:alias/eapd/prod', { region: 'eu-west-2' }],
  ])('accepts %s', (raw, extra) => expect(kmsKey(raw)).toEqual({ id: raw, ...extra }));

  it.each(['1234', 'alias/', 'alias/aws/s3', 'arn:aws:kms:us-east-1:123456789012:key/nope', 'arn:aws:kms:east:123456789012:alias/x', 'key/1234abcd-12ab-34cd-56ef-1234567890ab'])(
    'refuses %s',
    (raw) => expect(isInvalid(kmsKey(raw))).toBe(true),
  );
});
