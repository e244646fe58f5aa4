package bot_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"charterbot/bot"
)

// RewriteTransport points every REST call at another host, paths unchanged:
// a REST proxy in production, a fake Discord in tests.
func ExampleRewriteTransport() {
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "proxy got %s %s", r.Method, r.URL.Path)
	}))
	defer proxy.Close()

	base, err := bot.ParseAPIBase(proxy.URL)
	if err != nil {
		panic(err)
	}
	client := &http.Client{Transport: bot.RewriteTransport(base, nil)}
	resp, err := client.Get("https://discord.com/api/v10/gateway")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body))
	// Output: proxy got GET /api/v10/gateway
}

// Commands are what `charterbot register` writes; /reindex is for members
// with Manage Server by default, and the bot checks its own admin list too.
func ExampleCommands() {
	for _, c := range bot.Commands(500) {
		perm := "everyone"
		if c.DefaultMemberPermissions != nil {
			perm = fmt.Sprintf("permissions %d", *c.DefaultMemberPermissions)
		}
		fmt.Printf("/%s (%d options, %s)\n", c.Name, len(c.Options), perm)
	}
	// Output:
	// /ask (3 options, everyone)
	// /article (2 options, everyone)
	// /search (1 options, everyone)
	// /sources (0 options, everyone)
	// /reindex (0 options, permissions 32)
	// /stats (1 options, permissions 32)
	// /forget (1 options, everyone)
	// /settings (3 options, permissions 32)
}

// Every body the bot sends sets allowed mentions to none: an empty list,
// which Discord reads as "parse nothing" (a nil list would be sent as null).
func ExampleMessage_Edit() {
	b, _ := json.Marshal(bot.Message{Content: "hello @everyone"}.Edit().AllowedMentions)
	fmt.Println(string(b))
	// Output: {"parse":[],"replied_user":false}
}
