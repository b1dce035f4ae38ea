import type S3rver from 's3rver';

/**
 * s3rver predates S3's conditional writes (PutObject with `If-None-Match: *` or `If-Match`,
 * 2024). This middleware gives it the same contract, atomically per key, so the environment
 * lock and the append-only history can be tested against a real S3 wire protocol: a losing
 * writer gets 412 PreconditionFailed as from S3. Unconditional requests pass straight through.
 */
interface KoaContext {
  method: string;
  path: string;
  querystring: string;
  headers: Record<string, string | undefined>;
  status: number;
  type: string;
  body: unknown;
  store: { getMetadata(bucket: string, key: string): Promise<{ etag?: string }> };
}

type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

export function enableConditionalWrites(server: S3rver, bucket: string): void {
  const queues = new Map<string, Promise<unknown>>();
  const conditional: Middleware = async (ctx, next) => {
    const ifNoneMatch = ctx.headers['if-none-match'];
    const ifMatch = ctx.headers['if-match'];
    const prefix = `/${bucket}/`;
    // A plain object PUT (the SDK adds ?x-id=PutObject), not a subresource such as ?tagging.
    const subresource = [...new URLSearchParams(ctx.querystring).keys()].some((name) => name !== 'x-id');
    if (ctx.method !== 'PUT' || subresource || (!ifNoneMatch && !ifMatch) || !ctx.path.startsWith(prefix)) return next();
    const key = decodeURIComponent(ctx.path.slice(prefix.length));
    // One conditional write per key at a time: check and write happen as one step, as in S3.
    const previous = queues.get(key) ?? Promise.resolve();
    const turn = previous.then(async () => {
      const current = await ctx.store.getMetadata(bucket, key).then(
        (m) => (m.etag ?? '').replace(/"/g, ''),
        () => undefined,
      );
      const wanted = ifMatch?.replace(/"/g, '');
      const failed = (ifNoneMatch === '*' && current !== undefined) || (wanted !== undefined && current !== wanted);
      if (failed) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>';
        return;
      }
      await next();
    });
    queues.set(key, turn.catch(() => undefined));
    await turn;
  };
  // Before the router (the last middleware), after logging and XML rendering.
  const stack = (server as unknown as { middleware: Middleware[] }).middleware;
  stack.splice(stack.length - 1, 0, conditional);
}
