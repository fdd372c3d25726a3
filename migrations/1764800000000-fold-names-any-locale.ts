import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name folding that does not depend on the database's locale. The first ats_fold_name lowered
 * before stripping accents with a table of lower-case letters: under LC_CTYPE C (the embedded
 * server's) lower('É') stays 'É', so "JOSÉ" never matched "José". Now accents are stripped first
 * (Unicode NFD, combining marks removed), a few letters without a decomposition are mapped, and
 * only then is the text lowered, which leaves nothing but ASCII letters for lower() to fold.
 */
export class FoldNamesAnyLocale1764800000000 implements MigrationInterface {
  name = 'FoldNamesAnyLocale1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
CREATE OR REPLACE FUNCTION ats_fold_name(name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT nullif(btrim(regexp_replace(lower(translate(
    regexp_replace(normalize(name, NFD), '[\\u0300-\\u036f]', '', 'g'),
    'ŁłØøĐđıƗɨŦŧ', 'LlOoDdiIiTt')), '\\s+', ' ', 'g')), '') $$;
REINDEX INDEX ix_ats_candidates_folded_name;
`;

const DOWN = `
CREATE OR REPLACE FUNCTION ats_fold_name(name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT nullif(btrim(regexp_replace(translate(lower(name),
    'àáâãäåāăąçćčďèéêëēėęěğìíîïīįıłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿžźż',
    'aaaaaaaaacccdeeeeeeeegiiiiiiilnnnoooooooorrssstuuuuuuuuyyzzz'), '\\s+', ' ', 'g')), '') $$;
REINDEX INDEX ix_ats_candidates_folded_name;
`;
