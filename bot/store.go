package bot

import (
	"context"
	"time"

	"charterbot/store"
)

// Store is what the bot keeps (Options.Store): each answered question,
// each vote on an answer, and their sum for /stats. The user IDs it gets
// are raw Discord IDs: a Store hashes them (store.HashUser) before keeping
// them. Its methods are called concurrently, from the handlers'
// goroutines; an error is logged and the user is answered anyway.
//
// The bot links no database: package cli adapts store/sqlite to this.
type Store interface {
	RecordQuestion(ctx context.Context, q Question) error
	RecordFeedback(ctx context.Context, v Vote) error
	// Stats sums up the questions and votes from since on.
	Stats(ctx context.Context, since time.Time) (store.Stats, error)
}
