package postgres_test

import (
	"context"
	"fmt"
	"os"

	"charterbot/store"
	"charterbot/store/postgres"
)

// Two replicas open the same database: the first to start applies the
// migrations, the other waits for it; both then log questions into one
// log, share the user-hash key and a user's rate limit. (Not run: it needs
// a PostgreSQL server; the package's tests run the same against one.)
func Example() {
	ctx := context.Background()
	url := "postgres://charterbot@db:5432/charterbot?sslmode=disable"
	password := os.Getenv("PGPASSWORD") // or read from CHARTERBOT_DATABASE_PASSWORD_FILE
	s, err := postgres.Open(ctx, url, password, postgres.Options{})
	if err != nil {
		fmt.Println(err) // "PostgreSQL at db:5432/charterbot is unreachable: ..."
		return
	}
	defer s.Close()

	key, _, err := s.UserKey(ctx, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	user := store.HashUser(key, "123456789012345678")
	if ok, wait, err := s.Allow(ctx, user, 1.0/6, 3); err == nil && !ok {
		fmt.Printf("too fast: wait %v\n", wait)
		return
	}
	err = s.RecordQuestion(ctx, store.Entry{UserHash: user, Question: "What does Article 6 say?", Mode: "article", Grounded: true})
	if err != nil {
		fmt.Println(err)
	}
}
