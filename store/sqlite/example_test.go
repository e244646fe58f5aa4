package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"charterbot/store"
	"charterbot/store/sqlite"
)

// The bot logs each question with a keyed hash of the asker, records the
// votes on its answers, and sums up the coverage gaps for an admin.
func Example() {
	dir, err := os.MkdirTemp("", "history-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	now := time.Date(2026, time.March, 10, 12, 0, 0, 0, time.UTC)
	log, err := sqlite.Open(ctx, filepath.Join(dir, "store.db"), sqlite.Options{
		Clock: func() time.Time { return now },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer log.Close()

	key := []byte("operator secret from the environment")
	alice := store.HashUser(key, "123456789012345678")
	bob := store.HashUser(key, "876543210987654321")
	for _, e := range []store.Entry{
		{UserHash: alice, Question: "What does Article 6 say?", Mode: "article", Grounded: true, AnswerID: "a1"},
		{UserHash: alice, Question: "Who chairs the AES?", Mode: "extractive"},
		{UserHash: bob, Question: "who chairs the  AES ?", Mode: "extractive"},
	} {
		if err := log.RecordQuestion(ctx, e); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := log.RecordFeedback(ctx, "a1", true, bob); err != nil {
		fmt.Println(err)
		return
	}

	st, err := log.Stats(ctx, now.AddDate(0, 0, -30))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d questions, %d answered from the sources, %d helpful vote\n", st.Questions, st.Grounded, st.Feedback.Helpful)
	for _, g := range st.Gaps {
		fmt.Printf("not in the sources: %q asked %d times by %d users\n", g.Question, g.Count, g.Users)
	}
	// Output:
	// 3 questions, 1 answered from the sources, 1 helpful vote
	// not in the sources: "who chairs the aes" asked 2 times by 2 users
}
