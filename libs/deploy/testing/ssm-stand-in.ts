import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './faults/fault-injector';
import { answerWithFault, readBody, type ErrorFault, type HttpAnswer } from './faults/http-faults';

/**
 * Test-only: a local AWS Systems Manager endpoint on 127.0.0.1 speaking the JSON 1.1 protocol
 * the real SDK client sends (POST /, `X-Amz-Target: AmazonSSM.<Operation>`), for the subset we
 * use: PutParameter, GetParametersByPath (pages, decryption), GetParameters, DescribeParameters,
 * DeleteParameters. It checks who signed each request (access key id and session token from the
 * SigV4 `Authorization` header) against the principals it was given, with the paths each may
 * read or write, and injects faults through the shared FaultInjector (faults/), service "SSM":
 * throttle, error, lost-response, reset, latency. Values are never recorded in `calls`.
 */

export interface SsmPrincipal {
  /** Must match X-Amz-Security-Token (temporary credentials, e.g. an instance role's). */
  sessionToken?: string;
  /** Path prefixes this principal may read ("/eapd/production"); undefined: everything. */
  readPaths?: string[];
  /** Path prefixes it may write and delete; undefined: everything; []: nothing. */
  writePaths?: string[];
}

export interface SsmStandInOptions {
  /** Access key id → what it may do. Undefined: any signed request may do anything. */
  principals?: Record<string, SsmPrincipal>;
  /** At most this many parameters per GetParametersByPath page, whatever MaxResults asks (best-effort paging). */
  pageSize?: number;
}

export interface StandInParameter {
  name: string;
  value: string;
  type: 'String' | 'StringList' | 'SecureString';
  keyId?: string;
  version: number;
  lastModified: Date;
}

export interface SsmCall {
  operation: string;
  accessKeyId?: string;
  /** The request without any Value (secrets stay out of test output). */
  input: Record<string, unknown>;
}

const DEFAULT_KEY = 'alias/aws/ssm';
const NAME = /^[a-zA-Z0-9_.\-/]{1,1011}$/;
const MAX_VALUE = 4096;

/** An answer in the JSON 1.1 protocol. */
function json(status: number, body: unknown): HttpAnswer {
  return { status, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) };
}

/** SSM's own words for an injected fault: ThrottlingException (retried by the SDK), else a 5xx. */
function renderError(fault: ErrorFault): HttpAnswer {
  if (fault.kind === 'throttle') return json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
  return json(fault.status ?? 500, { __type: fault.code ?? 'InternalServerError', message: fault.message ?? 'injected fault' });
}

class SsmFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class SsmStandIn {
  readonly faults = new FaultInjector();
  readonly calls: SsmCall[] = [];
  private readonly store = new Map<string, StandInParameter>();
  private server?: Server;
  url = '';

  constructor(private readonly options: SsmStandInOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Seeds a parameter as if someone had put it (no call recorded). */
  put(name: string, value: string, options: { type?: StandInParameter['type']; keyId?: string } = {}): void {
    const type = options.type ?? 'SecureString';
    const previous = this.store.get(name);
    this.store.set(name, {
      name, value, type, version: (previous?.version ?? 0) + 1, lastModified: new Date(),
      ...(type === 'SecureString' ? { keyId: options.keyId ?? DEFAULT_KEY } : {}),
    });
  }

  get(name: string): StandInParameter | undefined {
    return this.store.get(name);
  }

  /** Every parameter, sorted by name. */
  all(): StandInParameter[] {
    return [...this.store.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Calls of one operation. */
  callsOf(operation: string): SsmCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AmazonSSM.') ? target.slice('AmazonSSM.'.length) : target;
    let input: Record<string, unknown> = {};
    try {
      input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return answerWithFault(req, res, undefined, { produce: async () => json(400, { __type: 'SerializationException', message: 'body is not JSON' }), renderError });
    }
    const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers['authorization'] ?? ''))?.[1];
    const visible = Object.fromEntries(Object.entries(input).filter(([key]) => key !== 'Value'));
    this.calls.push({ operation, ...(accessKeyId ? { accessKeyId } : {}), input: visible });
    const resources = [input['Name'], input['Path'], ...((input['Names'] as unknown[] | undefined) ?? [])].filter((r): r is string => typeof r === 'string');
    const fault = this.faults.decide({ service: 'SSM', operation, resources });
    await answerWithFault(req, res, fault, {
      renderError,
      produce: async () => {
        try {
          const principal = this.authenticate(accessKeyId, req.headers['x-amz-security-token']);
          return json(200, this.operate(operation, input, principal));
        } catch (err) {
          const e = err instanceof SsmFault ? err : new SsmFault('InternalServerError', String(err), 500);
          return json(e.status, { __type: e.code, message: e.message });
        }
      },
    });
  }

  private authenticate(accessKeyId: string | undefined, token: string | string[] | undefined): SsmPrincipal {
    if (!accessKeyId) throw new SsmFault('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
    const principals = this.options.principals;
    if (!principals) return {};
    const principal = principals[accessKeyId];
    if (!principal || (principal.sessionToken ?? undefined) !== (token ?? undefined)) {
      throw new SsmFault('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    return principal;
  }

  private allow(principal: SsmPrincipal, kind: 'read' | 'write', name: string): void {
    const prefixes = kind === 'read' ? principal.readPaths : principal.writePaths;
    if (prefixes === undefined) return;
    if (!prefixes.some((p) => name === p || name.startsWith(`${p.replace(/\/+$/, '')}/`))) {
      throw new SsmFault('AccessDeniedException', `not authorized to ${kind} ${name}`);
    }
  }

  private operate(operation: string, input: Record<string, unknown>, principal: SsmPrincipal): unknown {
    switch (operation) {
      case 'PutParameter':
        return this.putParameter(input, principal);
      case 'GetParametersByPath':
        return this.getParametersByPath(input, principal);
      case 'GetParameters':
        return this.getParameters(input, principal);
      case 'DescribeParameters':
        return this.describeParameters(input, principal);
      case 'DeleteParameters':
        return this.deleteParameters(input, principal);
      default:
        throw new SsmFault('UnknownOperationException', `the stand-in does not implement ${operation}`);
    }
  }

  private putParameter(input: Record<string, unknown>, principal: SsmPrincipal): unknown {
    const name = String(input['Name'] ?? '');
    const value = input['Value'];
    if (!NAME.test(name)) throw new SsmFault('ValidationException', `invalid parameter name ${JSON.stringify(name)}`);
    this.allow(principal, 'write', name);
    if (typeof value !== 'string' || value.length === 0) throw new SsmFault('ValidationException', 'Value must be at least 1 character');
    if (value.length > MAX_VALUE) throw new SsmFault('ValidationException', `Value of ${name} is longer than ${MAX_VALUE} characters (Standard tier)`);
    const existing = this.store.get(name);
    if (existing && input['Overwrite'] !== true) throw new SsmFault('ParameterAlreadyExists', `${name} already exists`);
    const type = (input['Type'] as StandInParameter['type'] | undefined) ?? existing?.type;
    if (!type) throw new SsmFault('ValidationException', 'Type is required when creating a parameter');
    if (input['KeyId'] !== undefined && type !== 'SecureString') throw new SsmFault('ValidationException', 'KeyId is only for SecureString');
    this.put(name, value, { type, keyId: input['KeyId'] as string | undefined });
    return { Version: this.store.get(name)?.version, Tier: 'Standard' };
  }

  private getParametersByPath(input: Record<string, unknown>, principal: SsmPrincipal): unknown {
    const path = String(input['Path'] ?? '');
    if (!path.startsWith('/')) throw new SsmFault('ValidationException', 'Path must begin with /');
    const base = path.replace(/\/+$/, '');
    this.allow(principal, 'read', base || '/');
    const max = Number(input['MaxResults'] ?? 10);
    if (!Number.isInteger(max) || max < 1 || max > 10) throw new SsmFault('ValidationException', 'MaxResults must be 1 to 10');
    const recursive = input['Recursive'] === true;
    const under = this.all().filter((p) => {
      if (!p.name.startsWith(`${base}/`)) return false;
      return recursive || !p.name.slice(base.length + 1).includes('/');
    });
    const start = input['NextToken'] ? Number(Buffer.from(String(input['NextToken']), 'base64').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) throw new SsmFault('ValidationException', 'invalid NextToken');
    const size = Math.min(max, this.options.pageSize ?? max);
    const page = under.slice(start, start + size);
    const next = start + size < under.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
    return { Parameters: page.map((p) => this.shape(p, input['WithDecryption'] === true)), ...(next ? { NextToken: next } : {}) };
  }

  private getParameters(input: Record<string, unknown>, principal: SsmPrincipal): unknown {
    const names = (input['Names'] as string[] | undefined) ?? [];
    if (names.length < 1 || names.length > 10) throw new SsmFault('ValidationException', 'Names must hold 1 to 10 names');
    for (const name of names) this.allow(principal, 'read', name);
    const found = names.map((n) => this.store.get(n)).filter((p): p is StandInParameter => p !== undefined);
    return {
      Parameters: found.map((p) => this.shape(p, input['WithDecryption'] === true)),
      InvalidParameters: names.filter((n) => !this.store.has(n)),
    };
  }

  private describeParameters(input: Record<string, unknown>, principal: SsmPrincipal): unknown {
    const filters = (input['ParameterFilters'] as Array<{ Key: string; Option?: string; Values: string[] }> | undefined) ?? [];
    const pathFilter = filters.find((f) => f.Key === 'Path');
    const base = pathFilter?.Values[0]?.replace(/\/+$/, '');
    if (base !== undefined) this.allow(principal, 'read', base || '/');
    const oneLevel = (pathFilter?.Option ?? 'OneLevel') === 'OneLevel';
    const matching = this.all().filter((p) => {
      if (base === undefined) return true;
      if (!p.name.startsWith(`${base}/`)) return false;
      return !oneLevel || !p.name.slice(base.length + 1).includes('/');
    });
    const max = Number(input['MaxResults'] ?? 50);
    if (!Number.isInteger(max) || max < 1 || max > 50) throw new SsmFault('ValidationException', 'MaxResults must be 1 to 50');
    const start = input['NextToken'] ? Number(Buffer.from(String(input['NextToken']), 'base64').toString('utf8')) : 0;
    const page = matching.slice(start, start + max);
    const next = start + max < matching.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
    return {
      Parameters: page.map((p) => ({
        Name: p.name, Type: p.type, Version: p.version, LastModifiedDate: p.lastModified.getTime() / 1000, DataType: 'text', Tier: 'Standard',
        ...(p.keyId ? { KeyId: p.keyId } : {}),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  }

  private deleteParameters(input: Record<string, unknown>, principal: SsmPrincipal): unknown {
    const names = (input['Names'] as string[] | undefined) ?? [];
    if (names.length < 1 || names.length > 10) throw new SsmFault('ValidationException', 'Names must hold 1 to 10 names');
    for (const name of names) this.allow(principal, 'write', name);
    const deleted = names.filter((n) => this.store.delete(n));
    return { DeletedParameters: deleted, InvalidParameters: names.filter((n) => !deleted.includes(n)) };
  }

  /** Without decryption a SecureString comes back as ciphertext, as from the real service. */
  private shape(p: StandInParameter, decrypt: boolean): Record<string, unknown> {
    const value = p.type === 'SecureString' && !decrypt ? `AQICAH${Buffer.from(`${p.name}#${p.version}`).toString('base64')}` : p.value;
    return {
      Name: p.name, Type: p.type, Value: value, Version: p.version, LastModifiedDate: p.lastModified.getTime() / 1000,
      ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${p.name}`, DataType: 'text',
    };
  }
}
