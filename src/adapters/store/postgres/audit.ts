import type { Executor } from './database.js';

/** Appends one line to the audit log. */
export async function audit(db: Executor, entry: { actor: string; action: string; entity: string; entityId?: string | number | null; detail?: object }): Promise<void> {
  await db.query('INSERT INTO audit_log (actor, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5)', [
    entry.actor,
    entry.action,
    entry.entity,
    entry.entityId == null ? null : String(entry.entityId),
    JSON.stringify(entry.detail ?? {}),
  ]);
}
