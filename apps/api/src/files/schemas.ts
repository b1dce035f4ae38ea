import { z } from 'zod';

export const fileParamsSchema = z.strictObject({ id: z.uuid(), fileId: z.uuid() });

export const fileSchema = z
  .object({
    id: z.uuid(),
    apdId: z.uuid(),
    name: z.string().meta({ description: 'The original file name.' }),
    contentType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'application/pdf']),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: z.iso.datetime(),
    url: z.string().meta({ description: 'Where to GET the bytes.' }),
  })
  .meta({ id: 'File' });

export const fileListSchema = z.object({ items: z.array(fileSchema) }).meta({ id: 'FileList' });
