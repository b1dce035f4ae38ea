import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { t } from '../../content/content';
import { apd, APD_ID, renderApp } from '../../testing/render-app';
import { MAX_FILE_BYTES } from './file-checks';

const path = `/apds/${APD_ID}`;
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const stored = {
  id: '20000000-0000-4000-8000-000000000001',
  apdId: APD_ID,
  name: 'diagram.png',
  contentType: 'image/png',
  size: 2048,
  sha256: 'x',
  createdAt: '2026-11-02T00:00:00.000Z',
  url: '',
};
const png = (name = 'diagram.png', extra = 8) => new File([new Uint8Array([...PNG_HEAD, ...new Array(extra).fill(0)])], name, { type: 'image/png' });

function setup(routes: Parameters<typeof renderApp>[1] = {}, items: unknown[] = []) {
  return renderApp(path, {
    [`GET /api${path}`]: { status: 200, body: apd() },
    [`GET /api${path}/files`]: { status: 200, body: { items } },
    ...routes,
  });
}

async function attach(file: File) {
  await userEvent.upload(screen.getByLabelText(t('files.choose')), file);
  await userEvent.click(screen.getByRole('button', { name: t('files.upload') }));
}

describe('files panel', () => {
  it('uploads the chosen file as multipart and lists it', async () => {
    let items: unknown[] = [];
    const { requests } = setup({
      [`GET /api${path}/files`]: () => ({ status: 200, body: { items } }),
      [`POST /api${path}/files`]: () => {
        items = [stored];
        return { status: 201, body: stored };
      },
    });
    expect(await screen.findByText(t('files.empty'))).toBeInTheDocument();
    await attach(png());
    expect(await screen.findByText(t('files.uploaded', { name: 'diagram.png' }))).toBeInTheDocument();
    // Said only once the list shows it: never "Attached" beside "No files attached yet".
    expect(screen.getByRole('button', { name: t('files.download', { name: 'diagram.png' }) })).toBeInTheDocument();
    expect(screen.queryByText(t('files.empty'))).not.toBeInTheDocument();
    expect(screen.getByText(t('files.size-kilobytes', { size: '2.0' }))).toBeInTheDocument(); // 2048 bytes
    const upload = requests.find((r) => r.method === 'POST');
    expect(upload?.body).toBeInstanceOf(FormData);
    expect((upload?.body as FormData).get('file')).toBeInstanceOf(File);
  });

  describe('checks the file in the browser, beside the input, before sending anything', () => {
    const cases: [string, () => File, () => string][] = [
      ['no file chosen', () => new File([], ''), () => t('files.choose-first')],
      ['an empty file', () => new File([], 'empty.png', { type: 'image/png' }), () => t('files.empty-file', { name: 'empty.png' })],
      [
        'a file over 10 MB',
        () => png('scan.png', MAX_FILE_BYTES),
        () => t('files.too-large', { name: 'scan.png', size: t('files.size-megabytes', { size: '10.0' }) }),
      ],
      ['a file that is not a PNG, JPEG, GIF or PDF inside', () => new File(['MZ\x90\x00\x03\x00\x00\x00'], 'x.png', { type: 'image/png' }), () => t('files.wrong-type', { name: 'x.png' })],
      ['a name with a backslash', () => png('a\\b.png'), () => t('files.name-slash')],
      ['a name starting with two dots', () => png('..hidden.png'), () => t('files.name-dots')],
      ['a name over 255 bytes', () => png(`${'é'.repeat(130)}.png`), () => t('files.name-too-long')],
    ];

    it.each(cases)('%s', async (_name, file, message) => {
      const { requests } = setup();
      await screen.findByText(t('files.empty'));
      const input = screen.getByLabelText(t('files.choose'));
      const chosen = file();
      if (chosen.name) await userEvent.upload(input, chosen);
      await userEvent.click(screen.getByRole('button', { name: t('files.upload') }));
      await waitFor(() => expect(input).toHaveAccessibleDescription(`${t('files.help')} ${message()}`));
      expect(input).toHaveAttribute('aria-invalid', 'true');
      expect(input).toHaveFocus();
      expect(requests.some((r) => r.method === 'POST')).toBe(false);
    });
  });

  describe('says why the server refused a file, in the content’s words', () => {
    const refusals: [string, { status: number; body: unknown }, () => string][] = [
      ['415 (content not accepted)', { status: 415, body: { error: { code: 'unsupported_media_type', message: 'Only PNG…' } } }, () => t('files.server-wrong-type')],
      ['413 (too large)', { status: 413, body: { error: { code: 'payload_too_large', message: 'Files may be…' } } }, () => t('files.server-too-large')],
      [
        '400 about the name (not “The file was not accepted: The file name must not…”)',
        {
          status: 400,
          body: { error: { code: 'bad_request', message: 'The file name is not acceptable.', problems: [{ path: 'body.file.filename', message: 'The file name must not contain / or \\.' }] } },
        },
        () => t('files.server-name-invalid'),
      ],
      ['another 400', { status: 400, body: { error: { code: 'bad_request', message: 'Send only one "file" field.' } } }, () => t('files.rejected')],
    ];

    it.each(refusals)('%s', async (_name, reply, message) => {
      setup({ [`POST /api${path}/files`]: reply });
      await screen.findByText(t('files.empty'));
      await attach(png());
      expect(await screen.findByRole('alert')).toHaveTextContent(message());
      expect(screen.getByRole('alert').textContent).toBe(message());
    });
  });

  it('removes a file only after confirmation; Cancel keeps it', async () => {
    let items: unknown[] = [stored];
    const { requests } = setup({
      [`GET /api${path}/files`]: () => ({ status: 200, body: { items } }),
      [`DELETE /api${path}/files/${stored.id}`]: () => {
        items = [];
        return { status: 204 };
      },
    });
    const remove = await screen.findByRole('button', { name: t('files.remove', { name: 'diagram.png' }) });
    await userEvent.click(remove);
    const dialog = screen.getByRole('alertdialog', { name: t('files.confirm-title') });
    expect(dialog).toHaveAccessibleDescription(t('files.confirm-body', { name: 'diagram.png' }));
    await userEvent.click(within(dialog).getByRole('button', { name: t('common.cancel') }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);

    await userEvent.click(remove);
    await userEvent.click(screen.getByRole('button', { name: t('files.confirm-remove') }));
    expect(await screen.findByText(t('files.removed', { name: 'diagram.png' }))).toBeInTheDocument();
    expect(screen.getByText(t('files.empty'))).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([`/api${path}/files/${stored.id}`]);
  });

  it('a file removed meanwhile (404) is said to be gone and leaves the list', async () => {
    let items: unknown[] = [stored];
    setup({
      [`GET /api${path}/files`]: () => ({ status: 200, body: { items } }),
      [`DELETE /api${path}/files/${stored.id}`]: () => {
        items = [];
        return { status: 404, body: { error: { code: 'not_found', message: 'No file with this id on this APD.' } } };
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: t('files.remove', { name: 'diagram.png' }) }));
    await userEvent.click(screen.getByRole('button', { name: t('files.confirm-remove') }));
    expect(await screen.findByText(t('files.already-removed', { name: 'diagram.png' }))).toBeInTheDocument();
    expect(screen.getByText(t('files.empty'))).toBeInTheDocument();
  });
});
