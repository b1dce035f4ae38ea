/** The development seed's demo data; the demo login is printed by `nx serve api`. */
export const DEMO_LOGIN = { email: 'demo@example.gov', password: 'demo-password-1' };

const id = (n: number) => `10000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export const DEMO_USERS = [
  { id: id(1), email: DEMO_LOGIN.email, name: 'Demo State Staff', stateId: 'md', role: 'state-staff' as const },
  { id: id(2), email: 'demo-admin@example.gov', name: 'Demo Admin', stateId: 'md', role: 'admin' as const },
  { id: id(3), email: 'demo-alaska@example.gov', name: 'Demo Alaska Staff', stateId: 'ak', role: 'state-staff' as const },
];

const apd = (n: number, stateId: string, name: string, years: number[], summary: string) => ({
  id: id(100 + n),
  stateId,
  document: {
    name,
    years,
    summary,
    activities: years.map((year, i) => ({
      name: i === 0 ? 'Program administration' : `Enhancements ${year}`,
      description: 'Staff and contractor costs for the project.',
      budget: [
        { year, category: 'state staff', federalSharePercent: 90, amountCents: 250_000_00 + i * 10_000_00 },
        { year, category: 'contractors', federalSharePercent: 75, amountCents: 1_200_000_00 },
      ],
    })),
  },
});

export const DEMO_APDS = [
  apd(1, 'md', 'Maryland MMIS Modernization', [2027, 2028], 'Replace the legacy claims system with modular services.'),
  apd(2, 'md', 'Maryland Eligibility & Enrollment', [2027], 'Online applications and real-time eligibility checks.'),
  apd(3, 'md', 'Maryland HIE Onboarding', [2028], 'Connect providers to the health information exchange.'),
  apd(4, 'ak', 'Alaska Provider Portal', [2027, 2028], 'A portal for provider enrolment and claims status.'),
];
