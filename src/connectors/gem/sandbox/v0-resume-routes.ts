import express, { Router } from 'express';
import { GemHttpError } from './gem-errors.js';
import { MODEL_CODE, type GemStore } from './sandbox-store.js';
import { unixSeconds } from './views.js';

/** Gem's résumé limit: Nango's docs say 2 MB, its yaml 10 MB; the sandbox holds to the stricter. */
export const RESUME_MAX_BYTES = 2 * 1024 * 1024;
const RESUME_EXTENSIONS = /\.(pdf|docx?)$/i;

interface FilePart {
  name: string;
  filename: string | null;
  data: Buffer;
}

/** The parts of a multipart/form-data body (enough for one file field; no nested multiparts). */
export function multipartParts(body: Buffer, contentType: string): FilePart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new GemHttpError(400, 'The body must be multipart/form-data with a boundary.');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FilePart[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // skip the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name !== undefined) parts.push({ name, filename: /filename="([^"]*)"/i.exec(head)?.[1] ?? null, data: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

/** `POST /v0/candidates/{candidate_id}/uploaded_resumes/{user_id}`: multipart field `resume_file`, pdf/doc/docx. */
export function v0ResumeRoutes(store: GemStore): Router {
  const router = Router();
  router.post('/candidates/:id/uploaded_resumes/:user_id', express.raw({ type: 'multipart/form-data', limit: '12mb' }), (req, res) => {
    const candidate = store.candidates.get(req.params.id);
    if (!candidate || candidate.deleted_at) throw new GemHttpError(404, `Candidate ${req.params.id} not found`);
    if (!store.users.get(req.params.user_id)) throw new GemHttpError(400, 'user_id: must be the id of a user', { user_id: { message: 'must be the id of a user' } });
    if (!Buffer.isBuffer(req.body)) throw new GemHttpError(400, 'The body must be multipart/form-data.');
    const file = multipartParts(req.body, req.header('content-type') ?? '').find((p) => p.name === 'resume_file' && p.filename);
    if (!file) throw new GemHttpError(400, 'resume_file: a file is required', { resume_file: { message: 'required' } });
    if (!RESUME_EXTENSIONS.test(file.filename!)) throw new GemHttpError(400, 'resume_file: only .pdf, .doc or .docx files', { resume_file: { message: 'unsupported file type' } });
    if (file.data.length > RESUME_MAX_BYTES) throw new GemHttpError(400, 'resume_file: at most 2 MB', { resume_file: { message: 'too large' } });
    const now = store.stamp();
    const id = store.nextId(MODEL_CODE.attachment, Date.parse(now));
    const url = `https://files.gem.example/${id}/${encodeURIComponent(file.filename!)}`;
    candidate.attachments = [...candidate.attachments, { filename: file.filename!, url, type: 'resume', created_at: now }];
    candidate.updated_at = now;
    res.status(201).json({ id, candidate_id: candidate.id, created_at: unixSeconds(now), user_id: req.params.user_id, filename: file.filename, download_url: url });
  });
  return router;
}
