// The API's JSON shapes (apps/api, issue 3). Field names follow the API's schemas.

export interface User {
  id: string;
  email: string;
  name: string;
  state: string;
  role: 'state-staff' | 'admin';
}

export interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

export interface BudgetLine {
  year: number;
  category: string;
  federalSharePercent: number;
  amountCents: number;
}

export interface Activity {
  name: string;
  description: string;
  budget: BudgetLine[];
}

/** What the user edits; the API stores it as the APD's document. */
export interface ApdFields {
  name: string;
  years: number[];
  summary: string;
  activities: Activity[];
}

export interface Apd extends ApdFields {
  id: string;
  state: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ApdSummary = Pick<Apd, 'id' | 'name' | 'years' | 'state' | 'updatedAt' | 'version'>;

export interface ApdFile {
  id: string;
  apdId: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
}
