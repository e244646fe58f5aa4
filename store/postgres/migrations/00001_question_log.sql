-- The question log and the votes on answers, as store/sqlite keeps them.

-- +goose Up
CREATE TABLE questions (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	ts         timestamptz NOT NULL,
	user_hash  text NOT NULL,
	guild      text NOT NULL,
	question   text NOT NULL,
	norm       text NOT NULL, -- store.Normalize(question)
	mode       text NOT NULL,
	grounded   boolean NOT NULL,
	fallback   text NOT NULL,
	unverified integer NOT NULL,
	latency_us bigint NOT NULL,
	answer_id  text NOT NULL
);
CREATE INDEX questions_ts ON questions (ts);
CREATE INDEX questions_gaps ON questions (grounded, norm);

CREATE TABLE feedback (
	answer_id text NOT NULL,
	user_hash text NOT NULL,
	helpful   boolean NOT NULL,
	ts        timestamptz NOT NULL,
	PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX feedback_ts ON feedback (ts);

-- Values every replica must share, such as the user-hash key.
CREATE TABLE settings (
	name  text PRIMARY KEY,
	value text NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE feedback;
DROP TABLE questions;
