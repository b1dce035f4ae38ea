import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { t } from '../../content/content';
import { apd, APD_ID, renderApp } from '../../testing/render-app';

const path = `/apds/${APD_ID}`;
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

describe('files panel', () => {
  it('uploads the chosen file as multipart and lists it', async () => {
    let items: unknown[] = [];
    const { requests } = renderApp(path, {
      [`GET /api${path}`]: { status: 200, body: apd() },
      [`GET /api${path}/files`]: () => ({ status: 200, body: { items } }),
      [`POST /api${path}/files`]: () => {
        items = [stored];
        return { status: 201, body: stored };
      },
    });
    expect(await screen.findByText(t('files.empty'))).toBeInTheDocument();
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'diagram.png', { type: 'image/png' });
    await userEvent.upload(screen.getByLabelText(t('files.choose')), file);
    await userEvent.click(screen.getByRole('button', { name: t('files.upload') }));
    expect(await screen.findByText(t('files.uploaded', { name: 'diagram.png' }))).toBeInTheDocument();
    // Said only once the list shows it: never "Attached" beside "No files attached yet".
    expect(screen.getByRole('button', { name: t('files.download', { name: 'diagram.png' }) })).toBeInTheDocument();
    expect(screen.queryByText(t('files.empty'))).not.toBeInTheDocument();
    expect(screen.getByText(t('files.size-kilobytes', { size: '2.0' }))).toBeInTheDocument(); // 2048 bytes
    const upload = requests.find((r) => r.method === 'POST');
    expect(upload?.body).toBeInstanceOf(FormData);
    expect((upload?.body as FormData).get('file')).toBeInstanceOf(File);
  });

  it('explains a rejected file type', async () => {
    renderApp(path, {
      [`GET /api${path}`]: { status: 200, body: apd() },
      [`GET /api${path}/files`]: { status: 200, body: { items: [] } },
      [`POST /api${path}/files`]: { status: 415, body: { error: { message: 'not an image' } } },
    });
    await screen.findByText(t('files.empty'));
    await userEvent.upload(screen.getByLabelText(t('files.choose')), new File(['MZ'], 'x.png', { type: 'image/png' }));
    await userEvent.click(screen.getByRole('button', { name: t('files.upload') }));
    expect(await screen.findByRole('alert')).toHaveTextContent(t('errors.unsupported-type'));
  });
});
