import { execFileSync } from 'node:child_process';
import { USER_DATA_LIMIT_BYTES } from '../ports/compute';
import { sessionPresignedUrl } from '../../testing/presigned-url';
import { renderPreviewStartupScript } from './preview-script';
import { renderProductionStartupScript } from './production-script';
import { testDeployConfig } from './production-script.fixtures';
import { compressUserData, decodeUserData, encodeUserData } from './user-data';

/**
 * The size promise, with what real deploys carry: presigned URLs signed with session
 * credentials (~1 700 characters of mostly incompressible token and signature each). Short
 * made-up URLs hid that the preview script alone was ~17 KB with them, past EC2's 16 KiB: the
 * launch would have been refused. Each script must leave a quarter of the limit spare,
 * counted as EC2 counts it: the gzip-compressed bytes before base64.
 */
const SHA = '0123456789abcdef0123456789abcdef01234567';
const ROOM = USER_DATA_LIMIT_BYTES * 0.75;
const url = (part: string) => sessionPresignedUrl('eapd-releases', `releases/${SHA}/${part}-${SHA}.zip`, part);

function preview(): string {
  return renderPreviewStartupScript({
    commitSha: SHA,
    // A distinct token per URL: the worst case (one deploy signs all three with one session).
    release: { api: { url: url('api'), sha256: 'a'.repeat(64) }, web: { url: url('web'), sha256: 'b'.repeat(64) }, seeds: { url: url('seeds'), sha256: 'c'.repeat(64) } },
    parameters: { path: '/eapd/preview', region: 'us-east-1' },
    webOkta: { issuer: 'https://acme.okta.com/oauth2/aus1', clientId: 'client-1' },
  });
}

function api(environment: 'production' | 'staging'): string {
  const config = { ...testDeployConfig(), environment, parameters: { path: `/eapd/${environment}` }, instanceProfile: { name: `eapd-api-${environment}` } };
  return renderProductionStartupScript({ config, artifact: { url: url('api'), sha256: 'a'.repeat(64), gitSha: SHA }, nodeVersion: '24.22.1' });
}

describe('startup scripts as EC2 user data, with real-sized presigned URLs', () => {
  it('uses URLs as long as session-credential ones (~1 700 characters)', () => {
    expect(url('api').length).toBeGreaterThan(1_650);
    expect(url('api')).toContain('X-Amz-Security-Token=');
  });

  it.each([
    ['preview', preview],
    ['production', () => api('production')],
    ['staging', () => api('staging')],
  ])('%s: valid bash, and its compressed user data leaves a quarter of 16 KiB spare', (_name, render) => {
    const script = render();
    expect(() => execFileSync('bash', ['-n'], { input: script })).not.toThrow();
    expect(script).toContain(url('api'));
    expect(compressUserData(script).length).toBeLessThan(ROOM);
    // What RunInstances carries reads back (as cloud-init reads it) as the very script.
    expect(decodeUserData(encodeUserData(script))).toBe(script);
  });

  it('the preview script would not fit uncompressed: why the user data is gzip', () => {
    expect(Buffer.byteLength(preview())).toBeGreaterThan(USER_DATA_LIMIT_BYTES);
  });
});
