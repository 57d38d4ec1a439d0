-- The resident register, screening rounds, calls and their attempts, the dialogue's
-- turns, follow-ups for staff, staff users and the audit log.

CREATE TABLE communities (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
  office_name   text,                          -- how the robot introduces itself; defaults to name || '社区居委会'
  timezone      text NOT NULL DEFAULT 'Asia/Shanghai',
  caller_id     text,                          -- E.164 caller id for this community, else the account default
  window_start  time NOT NULL DEFAULT '08:30',
  window_end    time NOT NULL DEFAULT '20:30',
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (window_start < window_end)
);

CREATE TABLE grids (
  id            bigserial PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(btrim(name)) > 0),
  worker_name   text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, name),
  UNIQUE (community_id, id)
);

-- Screening outcome of one household in one round.
CREATE DOMAIN screening_outcome AS text
  CHECK (VALUE IN ('fever', 'no_fever', 'unclear', 'unreachable', 'callback', 'wrong_number', 'refused'));

CREATE TABLE residents (
  id                 bigserial PRIMARY KEY,
  community_id       bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  grid_id            bigint,
  name               text NOT NULL DEFAULT '',
  phone              text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),   -- E.164
  building           text NOT NULL DEFAULT '',
  unit               text NOT NULL DEFAULT '',
  room               text NOT NULL DEFAULT '',
  do_not_call        boolean NOT NULL DEFAULT false,
  last_status        screening_outcome,
  last_temperature_c numeric(4,1),
  last_screened_at   timestamptz,
  last_round_id      bigint,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, phone),               -- one household = one dialable number
  UNIQUE (community_id, id),
  FOREIGN KEY (community_id, grid_id) REFERENCES grids (community_id, id)
);
CREATE INDEX residents_grid ON residents (grid_id);

CREATE TABLE rounds (
  id            bigserial PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  status        text NOT NULL DEFAULT 'created'
                CHECK (status IN ('created', 'running', 'paused', 'completed', 'cancelled')),
  grids         text[] NOT NULL DEFAULT '{}',      -- grid filter; empty = the whole community
  window_start  time NOT NULL,
  window_end    time NOT NULL,
  max_attempts  int NOT NULL CHECK (max_attempts BETWEEN 1 AND 10),
  cps           numeric(8,2) NOT NULL CHECK (cps > 0),
  lines         int NOT NULL CHECK (lines > 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  CHECK (window_start < window_end)
);
CREATE INDEX rounds_running ON rounds (status) WHERE status = 'running';

-- One call = one household in one round; it may take several attempts.
CREATE TABLE calls (
  id               bigserial PRIMARY KEY,
  round_id         bigint NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  resident_id      bigint NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  status           text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'dialing', 'in_progress', 'done', 'cancelled')),
  attempts         int NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_owner      text,
  lease_expires_at timestamptz,
  outcome          screening_outcome,
  temperature_c    numeric(4,1),
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  UNIQUE (round_id, resident_id),
  CHECK ((status = 'done') = (outcome IS NOT NULL) OR status = 'cancelled')
);
-- Never two live calls to one household, whatever rounds they belong to.
CREATE UNIQUE INDEX calls_one_live_per_household ON calls (resident_id)
  WHERE status IN ('dialing', 'in_progress');
CREATE INDEX calls_due ON calls (round_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX calls_leased ON calls (lease_expires_at) WHERE status IN ('dialing', 'in_progress');

-- One dial of a call. Written before the carrier is asked; its id rides on every callback.
CREATE TABLE attempts (
  id               bigserial PRIMARY KEY,
  call_id          bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  attempt_no       int NOT NULL CHECK (attempt_no >= 1),
  provider         text NOT NULL,
  provider_call_id text,
  status           text NOT NULL DEFAULT 'created'
                   CHECK (status IN ('created', 'queued', 'ringing', 'in_progress', 'completed',
                                     'busy', 'no_answer', 'failed', 'canceled', 'lost')),
  answered_by      text,
  dialogue         jsonb,                      -- dialogue state between webhooks
  result           text,                       -- what this attempt concluded (an outcome or a retry reason)
  error            text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  placed_at        timestamptz,
  answered_at      timestamptz,
  ended_at         timestamptz,
  duration_s       int,
  UNIQUE (call_id, attempt_no),
  UNIQUE (provider, provider_call_id)
);
-- At most one unfinished attempt per call.
CREATE UNIQUE INDEX attempts_one_open_per_call ON attempts (call_id) WHERE ended_at IS NULL;

-- One exchange of the dialogue: what we asked and what we heard.
CREATE TABLE turns (
  id             bigserial PRIMARY KEY,
  attempt_id     bigint NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
  seq            int NOT NULL,
  prompt         text NOT NULL,                -- prompt key (fever_question, temperature_question, …)
  prompt_text    text NOT NULL DEFAULT '',
  transcript     text,
  confidence     real,
  digits         text,
  recording_url  text,
  classification jsonb,
  raw            jsonb,                        -- the vendor's payload, as received
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (attempt_id, seq)
);

CREATE TABLE staff_users (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL DEFAULT '',
  role          text NOT NULL CHECK (role IN ('admin', 'staff', 'grid_worker')),
  community_id  bigint REFERENCES communities(id) ON DELETE CASCADE,
  grid_id       bigint REFERENCES grids(id) ON DELETE SET NULL,
  password_hash text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE follow_ups (
  id            bigserial PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  round_id      bigint NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  call_id       bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  resident_id   bigint NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  grid_id       bigint REFERENCES grids(id) ON DELETE SET NULL,
  reason        text NOT NULL CHECK (reason IN ('fever', 'unclear', 'unreachable', 'wrong_number')),
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assigned', 'closed')),
  assignee_id   bigint REFERENCES staff_users(id) ON DELETE SET NULL,
  temperature_c numeric(4,1),
  transcript    text NOT NULL DEFAULT '',
  note          text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz,
  UNIQUE (call_id)                             -- one follow-up per household per round
);
CREATE INDEX follow_ups_open ON follow_ups (community_id, status) WHERE status <> 'closed';

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,                    -- 'cli', a staff username, 'dialer:<id>'
  action     text NOT NULL,                    -- 'import', 'round.create', 'round.pause', …
  entity     text NOT NULL,
  entity_id  text,
  detail     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
