/**
 * @jest-environment node
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

// The web's API types come from the API's OpenAPI document (web:api-types, before every build).
// These tests fail when the two drift: a stale generated file, or web code that no longer
// matches what the API declares.

// Type-checking the app several times is CPU work: minutes on a shared, loaded 2-core machine.
jest.setTimeout(300_000);

const WORKSPACE = resolve(__dirname, '../../../..');
const GENERATOR = join(__dirname, 'generate-api-types.ts');
const GENERATED = resolve(__dirname, '../../src/api/generated/openapi.ts');
const TSCONFIG = resolve(__dirname, '../../tsconfig.app.json');

function runGenerator(args: string[]): string {
  return execFileSync(process.execPath, ['-r', '@swc-node/register', GENERATOR, ...args], {
    cwd: WORKSPACE,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Types for each named document, from the generator itself (one process for all of them). */
function typesFor(documents: Record<string, Json>): Record<string, string> {
  const folder = mkdtempSync(join(tmpdir(), 'web-api-types-'));
  try {
    for (const [name, document] of Object.entries(documents)) writeFileSync(join(folder, `${name}.json`), JSON.stringify(document));
    runGenerator(['--batch', folder]);
    return Object.fromEntries(Object.keys(documents).map((name) => [name, readFileSync(join(folder, `${name}.ts`), 'utf8')]));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const config = ts.getParsedCommandLineOfConfigFile(TSCONFIG, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
// Parsed once and shared by every program below (React's and Node's types are most of the work).
const sourceFiles = new Map<string, ts.SourceFile>();

/**
 * Type-checks the web app (tsconfig.app.json) with `generated` as its API types. With `until`,
 * stops at the first file with a message matching it (the API layer is checked first).
 */
function typeErrors(generated: string, reuse?: ts.Program, until?: RegExp): { messages: string[]; program: ts.Program } {
  if (!config) throw new Error(`cannot read ${TSCONFIG}`);
  const host = ts.createCompilerHost(config.options);
  const isGenerated = (file: string) => resolve(file) === GENERATED;
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = ((read) => (file: string) => (isGenerated(file) ? generated : read(file)))(host.readFile.bind(host));
  host.fileExists = ((exists) => (file: string) => isGenerated(file) || exists(file))(host.fileExists.bind(host));
  host.getSourceFile = (file, language, onError, create) => {
    if (isGenerated(file)) return ts.createSourceFile(file, generated, language, true);
    let parsed = sourceFiles.get(file);
    if (!parsed) {
      parsed = getSourceFile(file, language, onError, create);
      if (parsed) sourceFiles.set(file, parsed);
    }
    return parsed;
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true }, host, oldProgram: reuse });
  // The app's own files (the libraries' declarations are skipped, skipLibCheck, as in the build).
  const files = program
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/'))
    .sort((a, b) => Number(!a.fileName.includes('/src/api/')) - Number(!b.fileName.includes('/src/api/')));
  const messages: string[] = [];
  for (const file of files) {
    for (const d of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      const where = d.file ? `${d.file.fileName.replace(`${dirname(TSCONFIG)}/`, '')}: ` : '';
      messages.push(where + ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    }
    if (until && messages.some((message) => until.test(message))) break;
  }
  return { messages, program };
}

describe('web API types (generated from the API’s OpenAPI document)', () => {
  const drifts: [string, (doc: Json) => void, RegExp][] = [
    ['an APD field is renamed', (doc) => rename(doc['components'].schemas.Apd, 'version', 'revision'), /version/],
    ['a budget-line field is renamed', (doc) => renameDeep(doc, 'amountCents', 'amount'), /amountCents/],
    ['a route the web calls is removed', (doc) => delete doc['paths']['/api/apds/{id}/files'].get, /files/],
    ['a path parameter is renamed', (doc) => renameRoute(doc, '/api/apds/{id}', '/api/apds/{apdId}'), /apds\/\{id\}/],
    ['a request body field becomes required', (doc) => requireField(doc['paths']['/api/auth/login'].post, 'otp'), /otp/],
  ];
  let types: Record<string, string>;
  let current: ts.Program;

  beforeAll(() => {
    if (!existsSync(GENERATED)) {
      throw new Error(`${GENERATED} is missing: run "npx nx run web:api-types" (every web build does it)`);
    }
    const document: Json = JSON.parse(runGenerator(['--document']));
    const documents: Record<string, Json> = { current: document };
    drifts.forEach(([, change], index) => {
      documents[`drift-${index}`] = structuredClone(document);
      change(documents[`drift-${index}`]);
    });
    types = typesFor(documents);
  });

  it('the generated file is what the API’s current OpenAPI document gives (a stale copy fails)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(types['current']);
  });

  it('the web app type-checks against them', () => {
    const { messages, program } = typeErrors(readFileSync(GENERATED, 'utf8'));
    current = program;
    expect(messages).toEqual([]);
  });

  it.each(drifts.map(([name, , mentioned], index) => [name, index, mentioned] as const))(
    'fails the web type-check when %s',
    (_name, index, mentioned) => {
      const { messages } = typeErrors(types[`drift-${index}`], current, mentioned);
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.join('\n')).toMatch(mentioned);
    },
  );
});

function rename(schema: Json, from: string, to: string) {
  schema.properties[to] = schema.properties[from];
  delete schema.properties[from];
  schema.required = schema.required.map((name: string) => (name === from ? to : name));
}

function renameDeep(node: unknown, from: string, to: string): void {
  if (Array.isArray(node)) return node.forEach((child) => renameDeep(child, from, to));
  if (!node || typeof node !== 'object') return;
  const record = node as Json;
  if (record['properties']?.[from]) rename(record, from, to);
  Object.values(record).forEach((child) => renameDeep(child, from, to));
}

function requireField(operation: Json, name: string) {
  const schema = operation.requestBody.content['application/json'].schema;
  schema.properties[name] = { type: 'string' };
  schema.required.push(name);
}

function renameRoute(doc: Json, from: string, to: string) {
  doc['paths'][to] = JSON.parse(JSON.stringify(doc['paths'][from]).replace(/"name":"id"/g, '"name":"apdId"'));
  delete doc['paths'][from];
}
