import { Transform } from 'class-transformer';
import { parseDateTime } from '../../common/validation/date-time.js';

// Query values arrive as strings (or arrays, when a parameter is repeated). These transforms turn
// well-formed values into their types and leave anything else as it came, so the validators that
// follow reject it with a message naming the parameter.

/** `a,b` and `?x=a&x=b` both give ['a', 'b']; blanks are dropped, duplicates removed. */
export const CommaList = () =>
  Transform(({ value }) => {
    if (value === undefined) return undefined;
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
    return [...new Set(parts.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== ''))];
  });

export const ToBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export const ToInteger = () => Transform(({ value }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value));

/** ISO 8601 date-time with a zone, years 0001–9999; anything else stays a string and fails @IsDate. */
export const ToDateTime = () => Transform(({ value }) => parseDateTime(value) ?? value);

/** A single-valued parameter given twice arrives as an array; keep it so validation names it. */
export const Trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
