import { DeployError } from '../log/errors';
import type { SubnetFacts, SubnetLookup } from '../ports/compute';

/**
 * A preview is reached at its public DNS name, which EC2 gives only to an instance with a
 * public IP (the subnet's MapPublicIpOnLaunch) in a VPC with DNS host names and DNS support.
 * Checked when planning, so a wrong subnet fails in seconds (dry run included) instead of
 * after the 10-minute wait for a DNS name that never comes. Returns the plan's fact line.
 */
export async function checkPreviewSubnet(subnetId: string, lookup: SubnetLookup): Promise<string> {
  const facts = await lookup.subnetFacts(subnetId);
  if (!facts) {
    throw new DeployError(`The preview subnet ${subnetId} (PREVIEW_AWS_SUBNET) does not exist in this account and region.`, {
      hint: 'Set PREVIEW_AWS_SUBNET to a public subnet of PREVIEW_AWS_REGION (aws ec2 describe-subnets).',
    });
  }
  const problems = subnetProblems(facts);
  if (problems.length > 0) {
    throw new DeployError(
      `A preview in subnet ${subnetId} (VPC ${facts.vpcId}) would get no public DNS name: ${problems.map((p) => p.what).join('; ')}.`,
      { hint: `${problems.map((p) => p.fix).join('; ')}. Or set PREVIEW_AWS_SUBNET to a public subnet.` },
    );
  }
  return `${subnetId} in ${facts.vpcId}: public IPs on launch, DNS host names on`;
}

function subnetProblems(f: SubnetFacts): Array<{ what: string; fix: string }> {
  const problems: Array<{ what: string; fix: string }> = [];
  if (!f.mapPublicIpOnLaunch) {
    problems.push({
      what: `subnet ${f.id} does not assign public IPv4 addresses (MapPublicIpOnLaunch is off)`,
      fix: `turn it on: aws ec2 modify-subnet-attribute --subnet-id ${f.id} --map-public-ip-on-launch`,
    });
  }
  if (!f.vpcDnsHostnames) {
    problems.push({
      what: `VPC ${f.vpcId} gives instances no DNS host names (enableDnsHostnames is off)`,
      fix: `aws ec2 modify-vpc-attribute --vpc-id ${f.vpcId} --enable-dns-hostnames '{"Value":true}'`,
    });
  }
  if (!f.vpcDnsSupport) {
    problems.push({
      what: `VPC ${f.vpcId} has DNS resolution off (enableDnsSupport is off)`,
      fix: `aws ec2 modify-vpc-attribute --vpc-id ${f.vpcId} --enable-dns-support '{"Value":true}'`,
    });
  }
  return problems;
}
