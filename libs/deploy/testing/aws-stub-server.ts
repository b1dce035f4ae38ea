import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test-only: a tiny EC2 + ELBv2 endpoint on 127.0.0.1 speaking the AWS query protocol (form
 * POST in, XML out). It answers the read-only calls a dry run makes and records every Action,
 * so a test can prove the executor's wiring and that nothing mutating was sent.
 */
export interface AwsStub {
  url: string;
  actions: string[];
  close(): Promise<void>;
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const ELB_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

function elb(action: string, result: string): string {
  return `<${action}Response xmlns="${ELB_NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></${action}Response>`;
}

function answer(action: string, environment: string): string | undefined {
  switch (action) {
    case 'DescribeInstances':
      return `<DescribeInstancesResponse xmlns="${EC2_NS}"><requestId>r1</requestId><reservationSet><item><reservationId>r-1</reservationId><instancesSet><item>
<instanceId>i-0123456789abcdef0</instanceId><imageId>ami-0123456789abcdef0</imageId><instanceState><code>16</code><name>running</name></instanceState>
<instanceType>t3.small</instanceType><launchTime>2026-01-01T00:00:00.000Z</launchTime>
<tagSet><item><key>environment</key><value>${environment}</value></item><item><key>release</key><value>0ld0ld0</value></item></tagSet>
</item></instancesSet></item></reservationSet></DescribeInstancesResponse>`;
    case 'DescribeTargetHealth':
      return elb(action, '<TargetHealthDescriptions><member><Target><Id>i-0123456789abcdef0</Id><Port>8080</Port></Target><TargetHealth><State>healthy</State></TargetHealth></member></TargetHealthDescriptions>');
    case 'DescribeTargetGroupAttributes':
      return elb(action, '<Attributes><member><Key>deregistration_delay.timeout_seconds</Key><Value>30</Value></member></Attributes>');
    case 'DescribeTargetGroups':
      return elb(action, '<TargetGroups><member><Port>8080</Port></member></TargetGroups>');
    default:
      return undefined;
  }
}

export async function startAwsStub(environment: string): Promise<AwsStub> {
  const actions: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? 'unknown';
      actions.push(action);
      const xml = answer(action, environment);
      res.writeHead(xml ? 200 : 400, { 'content-type': 'text/xml' });
      res.end(xml ?? `<Response><Errors><Error><Code>UnsupportedOperation</Code><Message>stub refuses ${action}</Message></Error></Errors><RequestID>r1</RequestID></Response>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    actions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
