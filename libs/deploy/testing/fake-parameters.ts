import type { ParameterWrite, Parameters, StoredParameter } from '../src/ports/parameters';

export interface FakeParameterCall {
  method: 'readPath' | 'write' | 'delete';
  /** Path, name or names: never a value. */
  target: string;
  keyId?: string;
}

/** In-memory Parameter Store for engine specs. Records calls without values; can fail a method. */
export class FakeParameters implements Parameters {
  readonly store = new Map<string, StoredParameter>();
  readonly calls: FakeParameterCall[] = [];
  private failures = new Map<string, Error>();

  /** The next call to `method` throws `error`. */
  failNext(method: FakeParameterCall['method'], error: Error): void {
    this.failures.set(method, error);
  }

  seed(name: string, value: string, options: { keyId?: string; secure?: boolean } = {}): void {
    const secure = options.secure ?? true;
    this.store.set(name, { name, value, secure, ...(secure ? { keyId: options.keyId ?? 'alias/aws/ssm' } : {}) });
  }

  /** name → value of everything under `path` (one level), for assertions. */
  valuesUnder(path: string): Record<string, string> {
    return Object.fromEntries([...this.store.values()].filter((p) => isDirectChild(path, p.name)).map((p) => [p.name.slice(path.length + 1), p.value]));
  }

  async readPath(path: string): Promise<StoredParameter[]> {
    this.record({ method: 'readPath', target: path });
    return [...this.store.values()].filter((p) => isDirectChild(path, p.name)).map((p) => ({ ...p }));
  }

  async write(parameter: ParameterWrite): Promise<void> {
    this.record({ method: 'write', target: parameter.name, ...(parameter.keyId ? { keyId: parameter.keyId } : {}) });
    this.store.set(parameter.name, { name: parameter.name, value: parameter.value, secure: true, keyId: parameter.keyId ?? 'alias/aws/ssm' });
  }

  async delete(names: string[]): Promise<void> {
    this.record({ method: 'delete', target: names.join(',') });
    for (const name of names) this.store.delete(name);
  }

  private record(call: FakeParameterCall): void {
    this.calls.push(call);
    const failure = this.failures.get(call.method);
    if (failure) {
      this.failures.delete(call.method);
      throw failure;
    }
  }
}

function isDirectChild(path: string, name: string): boolean {
  const base = path.replace(/\/+$/, '');
  return name.startsWith(`${base}/`) && !name.slice(base.length + 1).includes('/');
}
