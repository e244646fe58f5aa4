package store

import (
	"errors"
	"time"
)

// MaxTurns is how many turns a conversation keeps; older turns are dropped
// on AddTurn.
const MaxTurns = 20

// DefaultTurnRetention is how long turns are kept when no retention is
// configured.
const DefaultTurnRetention = 7 * 24 * time.Hour

// Turn is one question of a conversation and what the bot answered.
type Turn struct {
	// Conversation is the conversation's key, e.g. "thread:<id>"; the
	// caller chooses it and the store does not read it.
	Conversation string
	// Time the question was asked; zero means now, by the store's clock.
	Time time.Time
	// UserHash is the asker's HashUser value, never a raw ID
	// (ErrRawUserID otherwise).
	UserHash string
	// Question is the question as asked.
	Question string
	// Standalone is the question used for retrieval: Question with what
	// the earlier turns fixed carried over.
	Standalone string
	// Status is the answer's tier (answer.Status): "answered", "related"
	// or "not_covered".
	Status string
	// Articles are the cited articles, e.g. "charter#Article 6", in order;
	// opaque to the store.
	Articles []string
	AnswerID string
}

// GuildSettings are a server's choices, set by its admins with /settings.
type GuildSettings struct {
	Guild string
	// Channels are the channels where mentions and replies are answered;
	// empty means everywhere.
	Channels []string
	// PrivateElsewhere makes answers in other channels ephemeral.
	PrivateElsewhere bool
	// Language is the default answer language: "", "fr" or "en".
	Language  string
	UpdatedAt time.Time
}

// ErrNoConversation is returned by AddTurn for a turn without a
// conversation key.
var ErrNoConversation = errors.New("store: turn without a conversation key")

// CheckTurn returns the error a store gives for a turn it must refuse:
// no conversation key, a raw user ID, or an empty question.
func CheckTurn(t Turn) error {
	switch {
	case t.Conversation == "":
		return ErrNoConversation
	case LooksRaw(t.UserHash):
		return ErrRawUserID
	case t.Question == "":
		return errors.New("store: turn without a question")
	}
	return nil
}
