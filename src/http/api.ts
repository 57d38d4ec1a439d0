/** Read-only JSON API behind the page (and for scripts). */
import express, { type Router } from 'express';
import type pg from 'pg';
import { roundList, roundStatus } from '../app/rounds.js';
import { listFollowUps } from '../adapters/store/postgres/followUps.js';
import { maskPhone } from '../util/mask.js';

export function apiRouter(pool: pg.Pool): Router {
  const router = express.Router();
  router.get('/rounds', async (_req, res) => {
    res.json({ rounds: await roundList(pool) });
  });
  router.get('/rounds/:id', async (req, res) => {
    res.json(await roundStatus(pool, Number(req.params.id)));
  });
  router.get('/rounds/:id/follow-ups', async (req, res) => {
    const rows = await listFollowUps(pool, Number(req.params.id));
    res.json({ followUps: rows.map((f) => ({ ...f, phone: maskPhone(f.phone) })) });
  });
  return router;
}
