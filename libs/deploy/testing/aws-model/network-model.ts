import { AwsModelError } from './model-error';

export interface SubnetSetup {
  vpcId: string;
  /** Instances launched here get a public IP (and so a public DNS name, when the VPC allows). */
  mapPublicIpOnLaunch: boolean;
}

export interface VpcSetup {
  enableDnsHostnames: boolean;
  enableDnsSupport: boolean;
}

export type VpcAttribute = keyof VpcSetup;

export const DEFAULT_VPC = 'vpc-0default';

/**
 * Subnets and VPCs, as far as previews care: whether an instance gets a public DNS name.
 * A subnet nobody configured is a public one in a VPC with DNS host names (what tests that
 * do not care about the network expect); `addSubnet` / `addVpc` say otherwise, and
 * `removeSubnet` makes an id unknown to EC2.
 */
export class NetworkModel {
  private readonly subnets = new Map<string, SubnetSetup>();
  private readonly vpcs = new Map<string, VpcSetup>();
  private readonly missing = new Set<string>();

  addSubnet(id: string, setup: Partial<SubnetSetup> = {}): void {
    this.missing.delete(id);
    this.subnets.set(id, { vpcId: DEFAULT_VPC, mapPublicIpOnLaunch: true, ...setup });
  }

  addVpc(id: string, setup: Partial<VpcSetup> = {}): void {
    this.vpcs.set(id, { enableDnsHostnames: true, enableDnsSupport: true, ...setup });
  }

  removeSubnet(id: string): void {
    this.subnets.delete(id);
    this.missing.add(id);
  }

  /** DescribeSubnets for one id. */
  subnet(id: string): SubnetSetup & { id: string } {
    if (this.missing.has(id)) throw new AwsModelError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
    return { id, ...(this.subnets.get(id) ?? { vpcId: DEFAULT_VPC, mapPublicIpOnLaunch: true }) };
  }

  /** DescribeVpcAttribute. */
  vpcAttribute(vpcId: string, attribute: VpcAttribute): boolean {
    const vpc = this.vpcs.get(vpcId);
    if (!vpc && vpcId !== DEFAULT_VPC && ![...this.subnets.values()].some((s) => s.vpcId === vpcId)) {
      throw new AwsModelError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
    }
    return (vpc ?? { enableDnsHostnames: true, enableDnsSupport: true })[attribute];
  }

  givesPublicDns(subnet: SubnetSetup): boolean {
    return subnet.mapPublicIpOnLaunch && this.vpcAttribute(subnet.vpcId, 'enableDnsHostnames') && this.vpcAttribute(subnet.vpcId, 'enableDnsSupport');
  }
}
