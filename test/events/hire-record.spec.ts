import { hireFields, splitHireName, type HireSource } from '../../src/events/hires/hire-record.js';

describe('hire record (pure)', () => {
  it('splits names into first / middle / last as documented', () => {
    expect(splitHireName('Ada', 'King Lovelace')).toEqual({ first_name: 'Ada', middle_name: 'King', last_name: 'Lovelace' });
    expect(splitHireName('Mary Ann', 'Smith')).toEqual({ first_name: 'Mary', middle_name: 'Ann', last_name: 'Smith' });
    expect(splitHireName('Jean', 'de la Fontaine')).toEqual({ first_name: 'Jean', middle_name: 'de la', last_name: 'Fontaine' });
    expect(splitHireName('Grace', 'Hopper')).toEqual({ first_name: 'Grace', middle_name: null, last_name: 'Hopper' });
    expect(splitHireName(' Cher ', null)).toEqual({ first_name: 'Cher', middle_name: null, last_name: null });
    expect(splitHireName(null, null)).toEqual({ first_name: null, middle_name: null, last_name: null });
  });

  const source = (over: Partial<HireSource>): HireSource => ({
    application_id: 'a',
    application_remote_id: 'ra',
    candidate_id: 'c',
    job_id: 'j',
    offer_id: 'o',
    first_name: 'Ada',
    last_name: 'Lovelace',
    email_addresses: [],
    phone_numbers: [],
    job_title: 'Engineer',
    department: 'R&D',
    start_date: new Date('2027-01-04T00:00:00Z'),
    salary_amount: '120000.00',
    salary_currency: 'EUR',
    ...over,
  });

  it('picks the Personal email and phone, else the primary (first) one, and says which', () => {
    const own = hireFields(
      source({
        email_addresses: [{ email_address: 'ada@work.example', type: 'WORK' }, { email_address: 'ada@home.example', type: 'PERSONAL' }],
        phone_numbers: [{ phone_number: '+1 555 0100', type: 'Personal' }],
      }),
    );
    expect(own).toMatchObject({ personal_email: 'ada@home.example', personal_email_type: 'PERSONAL', personal_phone: '+1 555 0100', personal_phone_type: 'PERSONAL' });
    const fallback = hireFields(source({ email_addresses: [{ email_address: 'ada@work.example', type: 'WORK' }, { email_address: 'x@y.z', type: null }] }));
    expect(fallback).toMatchObject({ personal_email: 'ada@work.example', personal_email_type: 'PRIMARY', personal_phone: null, personal_phone_type: null });
  });

  it('carries the offer: start date, salary amount (as a number) and currency', () => {
    expect(hireFields(source({}))).toMatchObject({ start_date: '2027-01-04T00:00:00.000Z', salary_amount: '120000', salary_currency: 'EUR', job_title: 'Engineer', department: 'R&D' });
    expect(hireFields(source({ start_date: null, salary_amount: null, salary_currency: null, offer_id: null }))).toMatchObject({ start_date: null, salary_amount: null, offer_id: null });
  });
});
