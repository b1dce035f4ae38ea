/**
 * The known rows the test seed set writes and the endpoint tests rely on. Shared by both so
 * a change to one cannot silently break the other.
 */
export const TEST_PASSWORD = 'test-password-1';
/** Deliberately different from the tests' configured count, so the first login re-hashes. */
export const TEST_SEED_ITERATIONS = 1000;

const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export const TEST_USERS = {
  akStaff: { id: id(1), email: 'ak-staff@example.test', name: 'Alaska Staff', stateId: 'ak', role: 'state-staff' as const },
  mdStaff: { id: id(2), email: 'md-staff@example.test', name: 'Maryland Staff', stateId: 'md', role: 'state-staff' as const },
  admin: { id: id(3), email: 'admin@example.test', name: 'Admin', stateId: 'md', role: 'admin' as const },
  /** No password: signs in through Okta only. */
  oktaOnly: { id: id(4), email: 'okta-user@example.test', name: 'Okta User', stateId: 'ak', role: 'state-staff' as const },
  lockout: { id: id(5), email: 'lockout@example.test', name: 'Lockout Target', stateId: 'ak', role: 'state-staff' as const },
};

const activity = (year: number) => ({
  name: 'Core system',
  description: 'Design, development and installation.',
  budget: [{ year, category: 'contractors', federalSharePercent: 90, amountCents: 125_000_00 }],
});

export const TEST_APDS = [
  { id: id(101), stateId: 'ak', name: 'Alaska MMIS 2027', years: [2027], updatedAt: '2026-01-05T00:00:00Z' },
  { id: id(102), stateId: 'ak', name: 'Alaska Eligibility 2028', years: [2027, 2028], updatedAt: '2026-01-04T00:00:00Z' },
  { id: id(103), stateId: 'ak', name: 'Alaska 100% Project_x', years: [2028], updatedAt: '2026-01-03T00:00:00Z' },
  { id: id(201), stateId: 'md', name: 'Maryland MMIS', years: [2027], updatedAt: '2026-01-02T00:00:00Z' },
  { id: id(202), stateId: 'md', name: 'Maryland HIE', years: [2028], updatedAt: '2026-01-01T00:00:00Z' },
].map((a) => ({
  ...a,
  document: { name: a.name, years: a.years, summary: `Summary of ${a.name}`, activities: [activity(a.years[0])] },
}));
