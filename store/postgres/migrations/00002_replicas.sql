-- What several replicas share: rate-limit buckets, index generations and
-- which generation each replica serves.

-- +goose Up
-- One token bucket per key (a keyed hash of the user), refilled by
-- the database's clock so that replicas with skewed clocks agree.
-- UNLOGGED: no WAL flush to wait for on each question (the buckets are
-- lost in a server crash, which only refills them).
CREATE UNLOGGED TABLE rate_buckets (
	key     text PRIMARY KEY,
	tokens  double precision NOT NULL,
	updated timestamptz NOT NULL,
	allowed boolean NOT NULL -- whether the last request took a token
);
CREATE INDEX rate_buckets_updated ON rate_buckets (updated);

-- An index generation: the sources' content hash a reindex produced.
CREATE TABLE generations (
	id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	hash    text NOT NULL,
	by      text NOT NULL, -- the replica that recorded it
	created timestamptz NOT NULL DEFAULT now()
);

-- Each replica's heartbeat and the generation it serves.
CREATE TABLE replicas (
	name       text PRIMARY KEY,
	generation bigint,       -- NULL: serves no recorded generation
	hash       text NOT NULL, -- the content hash it serves
	started    timestamptz NOT NULL,
	heartbeat  timestamptz NOT NULL
);

-- +goose Down
DROP TABLE replicas;
DROP TABLE generations;
DROP TABLE rate_buckets;
