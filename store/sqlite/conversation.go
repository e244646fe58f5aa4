package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"charterbot/store"
)

// AddTurn adds t to its conversation and drops the conversation's turns
// beyond the last store.MaxTurns. It returns store.ErrRawUserID when
// t.UserHash looks like a raw user ID, and an error for a turn without a
// conversation or a question.
func (l *Log) AddTurn(ctx context.Context, t store.Turn) error {
	if err := store.CheckTurn(t); err != nil {
		return fmt.Errorf("question log: add turn: %w", err)
	}
	ts := t.Time
	if ts.IsZero() {
		ts = l.now()
	}
	arts, err := json.Marshal(nonNil(t.Articles))
	if err != nil {
		return fmt.Errorf("question log: add turn: %w", err)
	}
	tx, err := l.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("question log: add turn: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO turns
		(conversation, ts, user_hash, question, standalone, status, articles, answer_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Conversation, ts.UnixMilli(), t.UserHash, t.Question, t.Standalone, t.Status, string(arts), t.AnswerID); err != nil {
		return fmt.Errorf("question log: add turn: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM turns WHERE conversation = ? AND id NOT IN
		(SELECT id FROM turns WHERE conversation = ? ORDER BY id DESC LIMIT ?)`,
		t.Conversation, t.Conversation, store.MaxTurns); err != nil {
		return fmt.Errorf("question log: add turn: drop old turns: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("question log: add turn: %w", err)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Turns returns the turns of a conversation, oldest first: at most
// store.MaxTurns, none older than the turn retention (even before Purge
// has run). An unknown conversation has no turns and no error.
func (l *Log) Turns(ctx context.Context, conversation string) ([]store.Turn, error) {
	from := int64(0)
	if l.turnsKept >= 0 {
		from = l.now().Add(-l.turnsKept).UnixMilli()
	}
	rows, err := l.r.QueryContext(ctx, `SELECT ts, user_hash, question, standalone, status, articles, answer_id
		FROM (SELECT * FROM turns WHERE conversation = ? AND ts >= ? ORDER BY id DESC LIMIT ?)
		ORDER BY id`, conversation, from, store.MaxTurns)
	if err != nil {
		return nil, fmt.Errorf("question log: turns: %w", err)
	}
	defer rows.Close()
	var out []store.Turn
	for rows.Next() {
		t := store.Turn{Conversation: conversation}
		var ms int64
		var arts string
		if err := rows.Scan(&ms, &t.UserHash, &t.Question, &t.Standalone, &t.Status, &arts, &t.AnswerID); err != nil {
			return nil, fmt.Errorf("question log: turns: %w", err)
		}
		t.Time = time.UnixMilli(ms).UTC()
		if err := json.Unmarshal([]byte(arts), &t.Articles); err != nil {
			return nil, fmt.Errorf("question log: turns: articles of a turn: %w", err)
		}
		if len(t.Articles) == 0 {
			t.Articles = nil
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("question log: turns: %w", err)
	}
	return out, nil
}

// ForgetTurns deletes the turns userHash asked in conversation, or in
// every conversation when conversation is "", and returns how many went.
func (l *Log) ForgetTurns(ctx context.Context, conversation, userHash string) (int, error) {
	if userHash == "" || store.LooksRaw(userHash) {
		return 0, fmt.Errorf("question log: forget turns: %w", store.ErrRawUserID)
	}
	q, args := "DELETE FROM turns WHERE user_hash = ?", []any{userHash}
	if conversation != "" {
		q += " AND conversation = ?"
		args = append(args, conversation)
	}
	res, err := l.w.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("question log: forget turns: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// GuildSettings returns a server's settings; ok is false when none are
// stored.
func (l *Log) GuildSettings(ctx context.Context, guild string) (s store.GuildSettings, ok bool, err error) {
	var chans string
	var private int
	var ms int64
	err = l.r.QueryRowContext(ctx, `SELECT channels, private_elsewhere, language, updated
		FROM guild_settings WHERE guild = ?`, guild).Scan(&chans, &private, &s.Language, &ms)
	if errors.Is(err, sql.ErrNoRows) {
		return store.GuildSettings{}, false, nil
	}
	if err != nil {
		return store.GuildSettings{}, false, fmt.Errorf("question log: settings of guild %s: %w", guild, err)
	}
	if err := json.Unmarshal([]byte(chans), &s.Channels); err != nil {
		return store.GuildSettings{}, false, fmt.Errorf("question log: settings of guild %s: channels: %w", guild, err)
	}
	if len(s.Channels) == 0 {
		s.Channels = nil
	}
	s.Guild, s.PrivateElsewhere, s.UpdatedAt = guild, private != 0, time.UnixMilli(ms).UTC()
	return s, true, nil
}

// SetGuildSettings stores a server's settings, replacing those it had.
// A zero UpdatedAt means now, by the Log's clock.
func (l *Log) SetGuildSettings(ctx context.Context, s store.GuildSettings) error {
	if s.Guild == "" {
		return errors.New("question log: set guild settings: no guild")
	}
	chans, err := json.Marshal(nonNil(s.Channels))
	if err != nil {
		return fmt.Errorf("question log: set guild settings: %w", err)
	}
	at := s.UpdatedAt
	if at.IsZero() {
		at = l.now()
	}
	_, err = l.w.ExecContext(ctx, `INSERT INTO guild_settings (guild, channels, private_elsewhere, language, updated)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (guild) DO UPDATE SET channels = excluded.channels,
			private_elsewhere = excluded.private_elsewhere, language = excluded.language, updated = excluded.updated`,
		s.Guild, string(chans), boolInt(s.PrivateElsewhere), s.Language, at.UnixMilli())
	if err != nil {
		return fmt.Errorf("question log: set guild settings: %w", err)
	}
	return nil
}
