package discordtest

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Session returns a real discordgo session whose REST calls go to the
// fake (discordgo's endpoint URLs are fixed at init, so a transport
// rewrites their scheme and host) and whose Open dials the fake gateway
// (the URL comes from the fake's GET /gateway). The session is not
// opened; it is closed by t.Cleanup. token is sent as "Bot <token>".
func (s *Server) Session(t testing.TB, token string) *discordgo.Session {
	t.Helper()
	ds, err := discordgo.New("Bot " + token)
	if err != nil {
		t.Fatalf("discordtest: new session: %v", err)
	}
	ds.Client = s.Client()
	ds.Dialer = &websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	t.Cleanup(func() { ds.Close() })
	return ds
}

// rewriteTransport sends every request to base's scheme and host,
// keeping path and query. It is the test package's own copy: package bot
// needs the same for DISCORD_API_BASE, and this one can give way to bot's
// once that exists.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (rt *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if rt.base.Scheme == "" || rt.base.Host == "" {
		return nil, fmt.Errorf("rewrite %s: base URL %q has no scheme or host", r.URL.Path, rt.base)
	}
	// A RoundTripper must not change the caller's request.
	out := r.Clone(r.Context())
	out.URL.Scheme = rt.base.Scheme
	out.URL.Host = rt.base.Host
	out.Host = rt.base.Host
	return rt.next.RoundTrip(out)
}
