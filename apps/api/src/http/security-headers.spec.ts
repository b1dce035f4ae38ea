import express from 'express';
import helmet from 'helmet';
import supertest from 'supertest';
import { helmetHeaders } from './security-headers';

describe('security headers computed once', () => {
  it('are exactly the headers helmet() sends on a request, names and values', async () => {
    const withHelmet = express().disable('x-powered-by').use(helmet()).get('/x', (_req, res) => res.end());
    const headers = helmetHeaders();
    const withList = express().disable('x-powered-by').use((_req, res, next) => {
      for (const [name, value] of headers) res.setHeader(name, value);
      next();
    }).get('/x', (_req, res) => res.end());
    const pick = (all: Record<string, string>) => Object.fromEntries(Object.entries(all).filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length'].includes(name)));
    const expected = pick((await supertest(withHelmet).get('/x').expect(200)).headers);
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(10);
    expect(pick((await supertest(withList).get('/x').expect(200)).headers)).toEqual(expected);
  });
});
