import { randomUUID } from 'node:crypto';
import type { HttpAnswer } from '../faults/http-faults';

/**
 * The AWS query protocols, as far as the stand-in needs them: a form-encoded POST in
 * (`Action=…&Version=…&InstanceId.1=…`), XML out. EC2 ("ec2Query") and ELBv2 ("awsQuery")
 * differ in list encoding (`X.1` vs `X.member.1`) and in their response and error envelopes.
 */

export const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
export const ELB_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

export type QueryParams = URLSearchParams;

/** Values of `prefix.1`, `prefix.2`, … in order. */
export function list(params: QueryParams, prefix: string): string[] {
  const out: string[] = [];
  for (let n = 1; params.has(`${prefix}.${n}`); n++) out.push(params.get(`${prefix}.${n}`) ?? '');
  return out;
}

/** Structures `prefix.N.field` for N = 1, 2, … while any of `fields` is present. */
export function structs<F extends string>(params: QueryParams, prefix: string, fields: F[]): Array<Partial<Record<F, string>>> {
  const out: Array<Partial<Record<F, string>>> = [];
  for (let n = 1; fields.some((f) => params.has(`${prefix}.${n}.${f}`)); n++) {
    const item: Partial<Record<F, string>> = {};
    for (const f of fields) {
      const v = params.get(`${prefix}.${n}.${f}`);
      if (v !== null) item[f] = v;
    }
    out.push(item);
  }
  return out;
}

/** Nested lists under structures: `prefix.N.sub.M`. */
export function structLists(params: QueryParams, prefix: string, sub: string): string[][] {
  const out: string[][] = [];
  for (let n = 1; [...params.keys()].some((k) => k.startsWith(`${prefix}.${n}.`)); n++) out.push(list(params, `${prefix}.${n}.${sub}`));
  return out;
}

export function xml(text: string | number | boolean | undefined): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `<name>value</name>`, or nothing when the value is undefined. */
export function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${xml(value)}</${name}>`;
}

const XML_HEADERS = { 'content-type': 'text/xml;charset=UTF-8' };

export function ec2Answer(action: string, inner: string): HttpAnswer {
  const id = randomUUID();
  return {
    status: 200,
    headers: { ...XML_HEADERS, 'x-amzn-requestid': id },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NS}"><requestId>${id}</requestId>${inner}</${action}Response>`,
  };
}

export function ec2Error(status: number, code: string, message: string): HttpAnswer {
  const id = randomUUID();
  return {
    status,
    headers: { ...XML_HEADERS, 'x-amzn-requestid': id },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xml(code)}</Code><Message>${xml(message)}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
  };
}

export function elbAnswer(action: string, inner: string): HttpAnswer {
  const id = randomUUID();
  return {
    status: 200,
    headers: { ...XML_HEADERS, 'x-amzn-requestid': id },
    body: `<${action}Response xmlns="${ELB_NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

export function elbError(status: number, code: string, message: string): HttpAnswer {
  const id = randomUUID();
  return {
    status,
    headers: { ...XML_HEADERS, 'x-amzn-requestid': id },
    body: `<ErrorResponse xmlns="${ELB_NS}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xml(code)}</Code><Message>${xml(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
  };
}
