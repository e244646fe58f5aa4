package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"charterbot/store"
)

// AddTurn adds t to its conversation and drops the conversation's turns
// beyond the last store.MaxTurns, in one transaction. It returns
// store.ErrRawUserID when t.UserHash looks like a raw user ID, and an
// error for a turn without a conversation or a question.
func (s *Store) AddTurn(ctx context.Context, t store.Turn) error {
	if err := store.CheckTurn(t); err != nil {
		return fmt.Errorf("question log: add turn: %w", err)
	}
	ts := t.Time
	if ts.IsZero() {
		ts = s.now()
	}
	arts := t.Articles
	if arts == nil {
		arts = []string{}
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO turns
			(conversation, ts, user_hash, question, standalone, status, articles, answer_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			t.Conversation, ms(ts), t.UserHash, t.Question, t.Standalone, t.Status, arts, t.AnswerID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM turns WHERE conversation = $1 AND id NOT IN
			(SELECT id FROM turns WHERE conversation = $1 ORDER BY id DESC LIMIT $2)`, t.Conversation, store.MaxTurns)
		return err
	})
	if err != nil {
		return fmt.Errorf("question log: add turn: %w", err)
	}
	return nil
}

// Turns returns the turns of a conversation, oldest first: at most
// store.MaxTurns, none older than the turn retention (even before Purge
// has run). An unknown conversation has no turns and no error.
func (s *Store) Turns(ctx context.Context, conversation string) ([]store.Turn, error) {
	from := time.Unix(0, 0)
	if s.turnsKept >= 0 {
		from = ms(s.now().Add(-s.turnsKept))
	}
	rows, err := s.pool.Query(ctx, `SELECT ts, user_hash, question, standalone, status, articles, answer_id
		FROM (SELECT * FROM turns WHERE conversation = $1 AND ts >= $2 ORDER BY id DESC LIMIT $3) last
		ORDER BY id`, conversation, from, store.MaxTurns)
	if err != nil {
		return nil, fmt.Errorf("question log: turns: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Turn, error) {
		t := store.Turn{Conversation: conversation}
		err := row.Scan(&t.Time, &t.UserHash, &t.Question, &t.Standalone, &t.Status, &t.Articles, &t.AnswerID)
		t.Time = t.Time.UTC()
		if len(t.Articles) == 0 {
			t.Articles = nil
		}
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("question log: turns: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// ForgetTurns deletes the turns userHash asked in conversation, or in
// every conversation when conversation is "", and returns how many went.
func (s *Store) ForgetTurns(ctx context.Context, conversation, userHash string) (int, error) {
	if userHash == "" || store.LooksRaw(userHash) {
		return 0, fmt.Errorf("question log: forget turns: %w", store.ErrRawUserID)
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM turns WHERE user_hash = $1 AND ($2 = '' OR conversation = $2)`, userHash, conversation)
	if err != nil {
		return 0, fmt.Errorf("question log: forget turns: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// GuildSettings returns a server's settings; ok is false when none are
// stored.
func (s *Store) GuildSettings(ctx context.Context, guild string) (gs store.GuildSettings, ok bool, err error) {
	err = s.pool.QueryRow(ctx, `SELECT channels, private_elsewhere, language, updated
		FROM guild_settings WHERE guild = $1`, guild).Scan(&gs.Channels, &gs.PrivateElsewhere, &gs.Language, &gs.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.GuildSettings{}, false, nil
	}
	if err != nil {
		return store.GuildSettings{}, false, fmt.Errorf("question log: settings of guild %s: %w", guild, err)
	}
	if len(gs.Channels) == 0 {
		gs.Channels = nil
	}
	gs.Guild, gs.UpdatedAt = guild, gs.UpdatedAt.UTC()
	return gs, true, nil
}

// SetGuildSettings stores a server's settings, replacing those it had.
// A zero UpdatedAt means now, by the Store's clock.
func (s *Store) SetGuildSettings(ctx context.Context, gs store.GuildSettings) error {
	if gs.Guild == "" {
		return errors.New("question log: set guild settings: no guild")
	}
	chans := gs.Channels
	if chans == nil {
		chans = []string{}
	}
	at := gs.UpdatedAt
	if at.IsZero() {
		at = s.now()
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO guild_settings (guild, channels, private_elsewhere, language, updated)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (guild) DO UPDATE SET channels = excluded.channels,
			private_elsewhere = excluded.private_elsewhere, language = excluded.language, updated = excluded.updated`,
		gs.Guild, chans, gs.PrivateElsewhere, gs.Language, ms(at))
	if err != nil {
		return fmt.Errorf("question log: set guild settings: %w", err)
	}
	return nil
}
