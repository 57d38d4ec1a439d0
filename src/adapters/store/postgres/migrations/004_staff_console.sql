-- The staff console: accounts with their scope, login throttling, server-side sessions,
-- the follow-up life cycle and staff corrections of the robot's results.

-- Accounts. A staff account sees its communities (staff_communities), a grid worker
-- only its grids (staff_grids); an admin sees everything. The single community_id and
-- grid_id columns of 001 are left unused: one account may cover several of each.
ALTER TABLE staff_users
  ADD COLUMN disabled        boolean NOT NULL DEFAULT false,
  ADD COLUMN failed_logins   int NOT NULL DEFAULT 0,      -- consecutive failures since the last success
  ADD COLUMN locked_until    timestamptz,                 -- login refused until then (throttling)
  ADD COLUMN last_login_at   timestamptz,
  ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now();

CREATE TABLE staff_communities (
  user_id       bigint NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
  community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, community_id)
);

CREATE TABLE staff_grids (
  user_id  bigint NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
  grid_id  bigint NOT NULL REFERENCES grids(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, grid_id)
);
CREATE INDEX staff_grids_grid ON staff_grids (grid_id);

-- express-session store (connect-pg-simple's layout, created here rather than by the
-- library at run time so the schema has one owner).
CREATE TABLE staff_sessions (
  sid     varchar NOT NULL PRIMARY KEY,
  sess    json NOT NULL,
  expire  timestamp(6) NOT NULL
);
CREATE INDEX staff_sessions_expire ON staff_sessions (expire);

-- Follow-up life cycle: open -> assigned -> visited -> closed, reopened back to open.
ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_status_check;
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_status_check CHECK (status IN ('open', 'assigned', 'visited', 'closed'));
-- Refusals and unanswered call-backs can be followed up by staff as well.
ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_reason_check;
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_reason_check
  CHECK (reason IN ('fever', 'unclear', 'unreachable', 'wrong_number', 'refused', 'callback'));
ALTER TABLE follow_ups
  ADD COLUMN due_at        timestamptz,
  ADD COLUMN assigned_at   timestamptz,
  ADD COLUMN visited_at    timestamptz,
  ADD COLUMN visit_result  text CHECK (visit_result IN ('fever_referred', 'false_alarm', 'nobody_home', 'moved_away', 'number_corrected')),
  ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now();
CREATE INDEX follow_ups_round ON follow_ups (round_id, status);
CREATE INDEX follow_ups_grid ON follow_ups (grid_id, status);

-- A staff member's correction of a call's result, kept beside the robot's original
-- classification so corrections can be exported as labelled data.
CREATE TABLE corrections (
  id                      bigserial PRIMARY KEY,
  call_id                 bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  round_id                bigint NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  resident_id             bigint NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  community_id            bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  original_outcome        screening_outcome,
  original_temperature_c  numeric(4,1),
  corrected_outcome       screening_outcome NOT NULL,
  corrected_temperature_c numeric(4,1) CHECK (corrected_temperature_c BETWEEN 34 AND 43),
  -- The turns the robot classified, each with its transcript and classification, as they were.
  original_turns          jsonb NOT NULL DEFAULT '[]',
  note                    text NOT NULL DEFAULT '',
  actor                   text NOT NULL,
  at                      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX corrections_community_at ON corrections (community_id, at);
