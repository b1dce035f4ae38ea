import { startMetadataStandIn, type MetadataStandIn, type RoleCredentials } from './boot-stand-ins';
import { SsmStandIn } from './ssm-stand-in';

/**
 * Test-only: what an instance with an instance profile sees at boot: a metadata service that
 * hands the role's temporary credentials out through the IMDSv2 token flow, and Parameter Store
 * accepting those credentials for reading the environment's path only. The deploy user's
 * credentials (`deployer`) may write there, as the CI user does before a launch.
 */
export interface InstanceRoleWorld {
  metadata: MetadataStandIn;
  ssm: SsmStandIn;
  role: RoleCredentials;
  deployer: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

export async function startInstanceRoleWorld(options: { path: string; publicHostname?: string; pageSize?: number }): Promise<InstanceRoleWorld> {
  const role: RoleCredentials = {
    accessKeyId: 'ASIAINSTANCEROLE0001',
    secretAccessKey: 'role-secret-access-key',
    sessionToken: `role-session-token-${Math.random().toString(36).slice(2)}`,
  };
  const deployer = { accessKeyId: 'AKIADEPLOYUSER000001', secretAccessKey: 'deploy-user-secret' };
  const ssm = await new SsmStandIn({
    pageSize: options.pageSize,
    principals: {
      [role.accessKeyId]: { sessionToken: role.sessionToken, readPaths: [options.path], writePaths: [] },
      [deployer.accessKeyId]: { readPaths: [options.path], writePaths: [options.path] },
    },
  }).start();
  const metadata = await startMetadataStandIn({ publicHostname: options.publicHostname, role: { name: 'eapd-instance-role', credentials: role } });
  return {
    metadata,
    ssm,
    role,
    deployer,
    close: async () => {
      await metadata.close();
      await ssm.close();
    },
  };
}
