-- Claims take due calls in (next_attempt_at, id) order; with id in the index the claim
-- reads only the rows it takes instead of sorting every pending call of the round.
DROP INDEX calls_due;
CREATE INDEX calls_due ON calls (round_id, next_attempt_at, id) WHERE status = 'pending';
