import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Instance, StatusChecks } from '../../src/ports/compute';
import type { TargetHealth } from '../../src/ports/load-balancer';
import type { TargetGroupSetup } from '../aws-model/elb-model';
import type { InstanceScript } from '../aws-model/instance-script';
import type { SubnetSetup, VpcSetup } from '../aws-model/network-model';
import type { CallRecord, FaultRuleSpec } from '../faults/fault-injector';

export interface WireInstance extends Omit<Instance, 'launchedAt'> {
  launchedAt: string;
  script: InstanceScript;
  clientToken?: string;
  subnetId?: string;
}

export interface WireState {
  now: number;
  instances: WireInstance[];
  targetGroups: Array<{ arn: string; name: string; port: number; deregistrationDelayMs: number; health: TargetHealth[] }>;
  violations: Record<string, string[]>;
}

export interface WireInvariants {
  violations: string[];
  endViolations?: string[];
  lowestHealthyCount: number | null;
}

export type { StatusChecks };

/**
 * A typed client of the stand-in's control API, for a test that runs the stand-in (or the
 * deploy) in another process. Every method is one HTTP call to `<url>/__control/…`.
 */
export class AwsWireControl {
  constructor(readonly url: string) {}

  state(): Promise<WireState> {
    return this.request('GET', 'state');
  }
  seedInstance(instance: { id?: string; tags: Record<string, string>; state?: Instance['state']; script?: InstanceScript; publicDnsName?: string }): Promise<WireInstance> {
    return this.request('POST', 'instances', instance);
  }
  patchScript(id: string, script: InstanceScript): Promise<WireInstance> {
    return this.request('POST', `instances/${id}/script`, script);
  }
  terminateByAws(id: string, reason?: string): Promise<void> {
    return this.request('POST', `instances/${id}/terminate-by-aws`, { reason });
  }
  scriptNextLaunches(...scripts: InstanceScript[]): Promise<void> {
    return this.request('POST', 'launch-scripts', { scripts });
  }
  setDefaultScript(script: InstanceScript): Promise<void> {
    return this.request('POST', 'default-script', script);
  }
  addTargetGroup(setup: TargetGroupSetup): Promise<void> {
    return this.request('POST', 'target-groups', setup);
  }
  /** Registers running instances as healthy targets and takes the invariants' baseline. */
  registerHealthy(arn: string, ids: string[]): Promise<void> {
    return this.request('POST', 'target-groups/register', { arn, ids });
  }
  addSubnet(id: string, setup: Partial<SubnetSetup>): Promise<void> {
    return this.request('POST', 'subnets', { id, ...setup });
  }
  removeSubnet(id: string): Promise<void> {
    return this.request('DELETE', `subnets/${id}`);
  }
  addVpc(id: string, setup: Partial<VpcSetup>): Promise<void> {
    return this.request('POST', 'vpcs', { id, ...setup });
  }
  async addFault(rule: FaultRuleSpec): Promise<number> {
    return (await this.request<{ id: number }>('POST', 'faults', rule)).id;
  }
  removeFault(id: number): Promise<void> {
    return this.request('DELETE', `faults/${id}`);
  }
  clearFaults(seed?: number): Promise<void> {
    return this.request('DELETE', 'faults', seed === undefined ? undefined : { seed });
  }
  async faults(): Promise<Array<FaultRuleSpec & { id: number; hits: number; remaining: number | null }>> {
    return (await this.request<{ rules: [] }>('GET', 'faults')).rules;
  }
  async calls(): Promise<CallRecord[]> {
    return (await this.request<{ calls: CallRecord[] }>('GET', 'calls')).calls;
  }
  /** Moves the stand-in's clock forward (e.g. past a 300 s deregistration delay). */
  advanceClock(ms: number): Promise<{ now: number }> {
    return this.request('POST', 'clock', { advanceMs: ms });
  }
  invariants(targetGroupArn: string, environment?: string): Promise<WireInvariants> {
    const q = new URLSearchParams({ targetGroup: targetGroupArn, ...(environment ? { environment } : {}) });
    return this.request('GET', `invariants?${q}`);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/__control/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const value = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`stand-in control ${method} ${path}: ${value.error ?? res.status}`);
    return value;
  }
}

export interface SpawnedAwsWire {
  url: string;
  control: AwsWireControl;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the stand-in as its own process (main.ts) and waits for its address. */
export async function spawnAwsWire(args: string[] = []): Promise<SpawnedAwsWire> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'main.ts'), ...args], {
    cwd: join(__dirname, '../../../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the AWS stand-in exited (${code}) before printing its address`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    control: new AwsWireControl(url),
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
