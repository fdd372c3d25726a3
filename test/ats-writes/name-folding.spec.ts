import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** The duplicate check's name folding gives the same keys whatever the database's locale. */
describe.each([
  ['the server’s default locale', false],
  ['LC_CTYPE C (the embedded server’s)', true],
])('ats_fold_name under %s', (_label, cLocale) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ cLocale });
  });
  afterAll(() => db.drop());

  it.each([
    ['JOSÉ ', 'jose'],
    ['Núñez', 'nunez'],
    ['  Zoë   Ångström ', 'zoe angstrom'],
    ['ŁUKASZ Øberg', 'lukasz oberg'],
    ['Çelik Şahin', 'celik sahin'],
    ['plain', 'plain'],
    ['   ', null],
  ])('%j folds to %j', async (name, folded) => {
    const [row] = await db.query('SELECT ats_fold_name($1) AS f', [name]);
    expect(row.f).toBe(folded);
  });
});
