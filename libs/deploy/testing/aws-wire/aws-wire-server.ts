import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ec2Model } from '../aws-model/ec2-model';
import { ElbModel } from '../aws-model/elb-model';
import type { InstanceScript } from '../aws-model/instance-script';
import { AwsModelError } from '../aws-model/model-error';
import { ServiceInvariants } from '../aws-model/service-invariants';
import { FaultInjector, type CallInfo } from '../faults/fault-injector';
import { answerWithFault, readBody, send, type ErrorFault, type HttpAnswer } from '../faults/http-faults';
import { startS3rver, type S3rverHarness } from '../s3rver-harness';
import { handleControl } from './control-api';
import { ec2Resources, handleEc2 } from './ec2-api';
import { elbResources, handleElb } from './elb-api';
import { ec2Error, elbError } from './query-protocol';
import { describeS3Call, forwardToS3rver, s3Error, type S3Call } from './s3-proxy';

export interface AwsWireOptions {
  /** Seed of the fault rules' random draws (probability), so a storm repeats exactly. */
  seed?: number;
  /** How launched instances behave unless scripted otherwise (default: short, see WIRE_DEFAULT_SCRIPT). */
  defaultScript?: InstanceScript;
  /** DescribeInstances page size when the caller gives none, so pagination is exercised (default 5). */
  pageSize?: number;
  /** Buckets of the S3 part (s3rver behind the fault proxy); none when absent. */
  buckets?: string[];
  /** How often the invariants are checked between requests (default 100 ms). */
  invariantsEveryMs?: number;
}

/** Short on purpose: the stand-in runs on a real clock. Tests script other durations. */
export const WIRE_DEFAULT_SCRIPT: InstanceScript = { bootMs: 1_000, statusOkAfterMs: 1_000, healthyAfterMs: 2_000, initialMs: 1_000, consoleOutput: 'boot ok\n' };

/** A real clock that tests may move forward (to skip a 5-minute drain without waiting it). */
export class WireClock {
  private offset = 0;
  now = (): number => Date.now() + this.offset;
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface AwsWire {
  /** For AWS_ENDPOINT_URL (every service on one port; S3 needs path-style addressing). */
  url: string;
  clock: WireClock;
  ec2: Ec2Model;
  elb: ElbModel;
  faults: FaultInjector;
  /** The invariants of a target group, checked after every request and on a short timer. */
  watch(targetGroupArn: string): ServiceInvariants;
  watched: Map<string, ServiceInvariants>;
  /** s3rver itself (bypassing the faults), when buckets were asked for. */
  s3?: S3rverHarness;
  /**
   * Called after every S3 call was carried out (also when its answer is then lost), before
   * the answer goes out: a test checks the bucket's consistency here, at every step.
   */
  afterS3Call?: (call: S3Call) => Promise<void> | void;
  close(): Promise<void>;
}

type Service = 'EC2' | 'ELBv2' | 'S3';

/**
 * A wire-level AWS stand-in on 127.0.0.1: EC2 and ELBv2 query protocols answered from the
 * same state model as the in-memory fakes, S3 forwarded to s3rver, every call subject to the
 * fault rules, plus a control API under /__control. See README.md in this folder.
 */
export async function startAwsWire(options: AwsWireOptions = {}): Promise<AwsWire> {
  const clock = new WireClock();
  const ec2 = new Ec2Model(clock.now, options.defaultScript ?? WIRE_DEFAULT_SCRIPT);
  const elb = new ElbModel(ec2);
  const faults = new FaultInjector({ now: clock.now, seed: options.seed });
  const watched = new Map<string, ServiceInvariants>();
  const s3 = options.buckets?.length ? await startS3rver(options.buckets[0], options.buckets.slice(1)) : undefined;
  const s3Target = s3 ? { host: '127.0.0.1', port: Number(new URL(s3.endpoint).port) } : undefined;
  const pageSize = options.pageSize ?? 5;

  const checkAll = () => {
    for (const inv of watched.values()) inv.check();
  };
  const wire: AwsWire = {
    url: '',
    clock,
    ec2,
    elb,
    faults,
    watched,
    s3,
    watch(arn) {
      let inv = watched.get(arn);
      if (!inv) {
        inv = new ServiceInvariants(elb, arn);
        watched.set(arn, inv);
      }
      return inv;
    },
    close: async () => undefined,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const body = await readBody(req);
    if (url.pathname.startsWith('/__control')) return send(res, await handleControl(wire, req.method ?? 'GET', url, body));
    const service = serviceOf(req, body);
    if (service === 'S3') {
      if (!s3Target) return send(res, s3Error(req.method ?? 'GET', 501, 'NotImplemented', 'This stand-in was started without buckets.'));
      const call = describeS3Call(req.method ?? 'GET', url, req.headers, body);
      const fault = faults.decide({ service, operation: call.operation, resources: call.resources });
      return answerWithFault(req, res, fault, {
        produce: async () => {
          const answer = await forwardToS3rver(s3Target, req, body);
          await wire.afterS3Call?.(call);
          return answer;
        },
        renderError: (f) => errorAnswer(service, f, req.method ?? 'GET'),
      });
    }
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    const info: CallInfo = { service, operation: action, resources: service === 'EC2' ? ec2Resources(params) : elbResources(params, elb) };
    const fault = faults.decide(info);
    await answerWithFault(req, res, fault, {
      produce: async () => {
        try {
          return service === 'EC2' ? handleEc2(action, params, ec2, pageSize) : handleElb(action, params, elb);
        } catch (err) {
          if (!(err instanceof AwsModelError)) throw err;
          return service === 'EC2' ? ec2Error(err.status, err.code, err.message) : elbError(err.status, err.code, err.message);
        } finally {
          checkAll();
        }
      },
      renderError: (f) => errorAnswer(service, f, 'POST'),
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent && !req.socket.destroyed) send(res, { status: 500, body: `stand-in failure: ${err.stack ?? err.message}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  wire.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const timer = setInterval(checkAll, options.invariantsEveryMs ?? 100);
  timer.unref();
  wire.close = async () => {
    clearInterval(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await s3?.close();
  };
  return wire;
}

/** Which service a request is for: the SigV4 credential scope says it; else the query Version. */
function serviceOf(req: IncomingMessage, body: Buffer): Service {
  const scope = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
  if (scope === 'ec2') return 'EC2';
  if (scope === 'elasticloadbalancing') return 'ELBv2';
  if (scope === 's3') return 'S3';
  const version = new URLSearchParams(body.toString('utf8')).get('Version');
  if (version === '2016-11-15') return 'EC2';
  if (version === '2015-12-01') return 'ELBv2';
  return 'S3';
}

/** Each service's own throttling and error answers. */
function errorAnswer(service: Service, fault: ErrorFault, method: string): HttpAnswer {
  if (fault.kind === 'throttle') {
    if (service === 'EC2') return ec2Error(503, 'RequestLimitExceeded', 'Request limit exceeded.');
    if (service === 'ELBv2') return elbError(400, 'Throttling', 'Rate exceeded');
    return s3Error(method, 503, 'SlowDown', 'Please reduce your request rate.');
  }
  const status = fault.status ?? 500;
  const code = fault.code ?? 'InternalError';
  const message = fault.message ?? 'We encountered an internal error. Please try again.';
  if (service === 'EC2') return ec2Error(status, code, message);
  if (service === 'ELBv2') return elbError(status, code, message);
  return s3Error(method, status, code, message);
}
