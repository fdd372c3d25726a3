import type { FieldProblem } from '../common/errors/api-error.js';
import type { AttachmentInput, AttachmentRestrictions } from '../connectors/connector-actions.js';
import type { AttachmentInputDto } from './dto/candidate-input.dto.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([^;,]+)?((?:;[^;,]+)*?)(;base64)?,(.*)$/s;

/**
 * A file from Kombo's attachment shape: base64 `data` with `content_type`, or a `data:` URL (this
 * server fetches no remote URLs). Problems name the field; the connection's restrictions (type
 * supported, size, MIME type) are checked here so a refused file costs no partner call.
 */
export function decodeAttachment(dto: AttachmentInputDto, field: string, restrictions?: AttachmentRestrictions): { attachment?: AttachmentInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if ((dto.data === undefined) === (dto.data_url === undefined)) {
    problems.push({ field, problem: 'needs exactly one of data (base64) or data_url (a data: URL)' });
    return { problems };
  }
  let bytes: Buffer | undefined;
  let contentType = dto.content_type;
  if (dto.data !== undefined) {
    const clean = dto.data.replace(/\s+/g, '');
    if (!BASE64.test(clean) || clean.length % 4 !== 0) problems.push({ field: `${field}.data`, problem: 'must be base64' });
    else bytes = Buffer.from(clean, 'base64');
    if (!contentType) problems.push({ field: `${field}.content_type`, problem: 'is required with data (e.g. application/pdf)' });
  } else {
    const match = DATA_URL.exec(dto.data_url!);
    if (!match) {
      problems.push({ field: `${field}.data_url`, problem: 'must be a data: URL (data:<type>;base64,<data>); remote URLs are not fetched' });
    } else {
      contentType ??= match[1] || 'application/octet-stream';
      bytes = match[3] ? Buffer.from(match[4], 'base64') : Buffer.from(decodeURIComponent(match[4]), 'utf8');
    }
  }
  if (bytes && bytes.length === 0) problems.push({ field, problem: 'is empty' });
  const rule = restrictions?.types[dto.type];
  if (rule && !rule.is_supported) problems.push({ field: `${field}.type`, problem: `${dto.type} files are not accepted by this ATS` });
  if (rule?.max_file_size_bytes && bytes && bytes.length > rule.max_file_size_bytes) {
    problems.push({ field, problem: `is ${bytes.length} bytes; at most ${rule.max_file_size_bytes} are accepted` });
  }
  if (rule?.accepted_mime_types && contentType && !rule.accepted_mime_types.includes(contentType)) {
    problems.push({ field: `${field}.content_type`, problem: `must be one of ${rule.accepted_mime_types.join(', ')}` });
  }
  if (problems.length > 0 || !bytes) return { problems };
  return { attachment: { name: dto.name, content_type: contentType!, type: dto.type, data: bytes }, problems };
}
