import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server on 127.0.0.1 speaking the part of GitHub's REST API the previews use
 * (pulls.get, issues.listComments with Link pagination, createComment, updateComment), so
 * tests drive the REAL Octokit client. Requests without the expected token get 401. Faults:
 * error answers (`fail`) and lost responses (`loseResponses`: carried out, then dropped).
 */

export interface FakePull {
  state: 'open' | 'closed';
  merged: boolean;
  headSha: string;
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
}

type Failure = { status: number; headers?: Record<string, string>; times: number };

export class FakeGitHubServer {
  readonly pulls = new Map<number, FakePull>();
  readonly comments: FakeComment[] = [];
  readonly requests: RecordedRequest[] = [];
  private nextCommentId = 1000;
  private failures: Array<{ match: RegExp; method?: string; failure: Failure }> = [];
  private lost: Array<{ match: RegExp; method?: string; times: number }> = [];
  private server?: http.Server;
  baseUrl = '';

  constructor(
    readonly owner = 'acme',
    readonly repo = 'eapd',
    readonly token = 'ghp_test_token_123',
  ) {}

  async start(): Promise<this> {
    const server = http.createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addPull(number: number, pull: Partial<FakePull> = {}): void {
    this.pulls.set(number, { state: 'open', merged: false, headSha: 'a'.repeat(40), ...pull });
  }

  addComment(issue: number, body: string, user = 'someone'): FakeComment {
    const c = { id: this.nextCommentId++, issue, body, user };
    this.comments.push(c);
    return c;
  }

  commentsOn(issue: number): FakeComment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  /**
   * Requests whose path matches `match` are carried out, then the connection is dropped
   * without an answer (a lost response), `times` times (default always).
   */
  loseResponses(match: RegExp, options: { times?: number; method?: string } = {}): void {
    this.lost.push({ match, method: options.method, times: options.times ?? Infinity });
  }

  /** Answer requests whose path matches `match` with `status`, `times` times (default always). */
  fail(match: RegExp, status: number, options: { times?: number; method?: string; headers?: Record<string, string> } = {}): void {
    this.failures.push({ match, method: options.method, failure: { status, headers: options.headers, times: options.times ?? Infinity } });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.baseUrl);
      const method = req.method ?? 'GET';
      this.requests.push({ method, path: url.pathname + url.search, authorization: req.headers.authorization });
      const lose = this.lost.find((l) => l.match.test(url.pathname) && (!l.method || l.method === method) && l.times > 0);
      if (lose) lose.times--;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        if (lose) {
          // Carried out (the comment exists now), but the answer never arrives.
          req.socket.destroy();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `token ${this.token}`) return send(401, { message: 'Bad credentials' });
      const injected = this.failures.find((f) => f.match.test(url.pathname) && (!f.method || f.method === method) && f.failure.times > 0);
      if (injected) {
        injected.failure.times--;
        return send(injected.failure.status, { message: 'Injected failure' }, injected.failure.headers);
      }
      const prefix = `/repos/${this.owner}/${this.repo}`;
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
      const body = raw ? (JSON.parse(raw) as { body?: string }) : {};
      let m: RegExpMatchArray | null;
      if (method === 'GET' && (m = path.match(/^\/pulls\/(\d+)$/))) {
        const n = Number(m[1]);
        const pull = this.pulls.get(n);
        if (!pull) return send(404, { message: 'Not Found' });
        return send(200, {
          number: n,
          state: pull.state,
          merged: pull.merged,
          merged_at: pull.merged ? '2026-01-01T00:00:00Z' : null,
          head: { sha: pull.headSha, ref: 'feature/$(touch /tmp/pwned)' },
        });
      }
      if (method === 'GET' && (m = path.match(/^\/issues\/(\d+)\/comments$/))) {
        const all = this.commentsOn(Number(m[1]));
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          const next = new URL(url.toString());
          next.searchParams.set('page', String(page + 1));
          headers['link'] = `<${next.toString()}>; rel="next"`;
        }
        return send(200, slice.map((c) => this.toJson(c)), headers);
      }
      if (method === 'POST' && (m = path.match(/^\/issues\/(\d+)\/comments$/))) {
        return send(201, this.toJson(this.addComment(Number(m[1]), body.body ?? '', 'preview-bot')));
      }
      if (method === 'PATCH' && (m = path.match(/^\/issues\/comments\/(\d+)$/))) {
        const id = Number(m[1]);
        const c = this.comments.find((x) => x.id === id);
        if (!c) return send(404, { message: 'Not Found' });
        c.body = body.body ?? '';
        return send(200, this.toJson(c));
      }
      send(404, { message: `Not Found: ${method} ${url.pathname}` });
    });
  }

  private toJson(c: FakeComment) {
    return {
      id: c.id,
      body: c.body,
      user: { login: c.user },
      html_url: `https://github.example/${this.owner}/${this.repo}/pull/${c.issue}#issuecomment-${c.id}`,
    };
  }
}
