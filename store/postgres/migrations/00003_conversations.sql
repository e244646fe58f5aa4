-- Conversations (the turns of a thread or a reply chain), servers'
-- settings, and each question's answer tier, as store/sqlite keeps them.

-- +goose Up
ALTER TABLE questions ADD COLUMN status text NOT NULL DEFAULT '';
ALTER TABLE questions ADD COLUMN standalone text NOT NULL DEFAULT '';

CREATE TABLE turns (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	conversation text NOT NULL,
	ts           timestamptz NOT NULL,
	user_hash    text NOT NULL,
	question     text NOT NULL,
	standalone   text NOT NULL,
	status       text NOT NULL,
	articles     text[] NOT NULL,
	answer_id    text NOT NULL
);
CREATE INDEX turns_conversation ON turns (conversation, id);
CREATE INDEX turns_ts ON turns (ts);
CREATE INDEX turns_user ON turns (user_hash);

CREATE TABLE guild_settings (
	guild             text PRIMARY KEY,
	channels          text[] NOT NULL,
	private_elsewhere boolean NOT NULL,
	language          text NOT NULL,
	updated           timestamptz NOT NULL
);

-- +goose Down
DROP TABLE guild_settings;
DROP TABLE turns;
ALTER TABLE questions DROP COLUMN standalone;
ALTER TABLE questions DROP COLUMN status;
