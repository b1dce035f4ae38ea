import { canAccessState, listableStates, stateForNewApd } from './access';

const staff = { role: 'state-staff' as const, stateId: 'ak' };
const admin = { role: 'admin' as const, stateId: 'md' };

describe('authorization rules', () => {
  it('staff reach their own state only; admins reach every state', () => {
    expect(canAccessState(staff, 'ak')).toBe(true);
    expect(canAccessState(staff, 'md')).toBe(false);
    expect(canAccessState(admin, 'ak')).toBe(true);
  });

  it('limits list queries', () => {
    expect(listableStates(staff)).toEqual(['ak']);
    expect(listableStates(staff, 'ak')).toEqual(['ak']);
    expect(listableStates(staff, 'md')).toEqual([]);
    expect(listableStates(admin)).toBe('all');
    expect(listableStates(admin, 'ak')).toEqual(['ak']);
  });

  it('decides the state of a new APD', () => {
    expect(stateForNewApd(staff)).toBe('ak');
    expect(stateForNewApd(staff, 'ak')).toBe('ak');
    expect(stateForNewApd(staff, 'md')).toBeUndefined();
    expect(stateForNewApd(admin)).toBe('md');
    expect(stateForNewApd(admin, 'ak')).toBe('ak');
  });
});
