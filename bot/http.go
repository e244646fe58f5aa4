package bot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// ParsePublicKey decodes the application's public key as the developer
// portal shows it (hex, DISCORD_PUBLIC_KEY).
func ParsePublicKey(hexKey string) (ed25519.PublicKey, error) {
	k, err := hex.DecodeString(hexKey)
	if err != nil {
		return nil, fmt.Errorf("public key: not hex: %w", err)
	}
	if len(k) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key: %d bytes, want %d", len(k), ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(k), nil
}

// HTTPHandler returns the HTTP-interactions endpoint: Discord POSTs each
// interaction, signed with the application's key. It answers 401 to a
// missing or bad signature, 400 to a body that is not JSON or not an
// interaction for Options.AppID (when set) with a valid id and token, 413
// to a body over MaxBodyBytes, {"type":1} to a PING, and to anything else the
// handler's first response (or "thinking..." when the handler takes longer
// than AckTimeout), within Discord's 3 seconds. Later messages go through
// rest, a session that needs no token for this (see NewSession).
func (b *Bot) HTTPHandler(key ed25519.PublicKey, rest *discordgo.Session) http.Handler {
	return &httpEndpoint{b: b, key: key, rest: rest}
}

type httpEndpoint struct {
	b    *Bot
	key  ed25519.PublicKey
	rest *discordgo.Session
}

func (h *httpEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.b.opts.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read request body", http.StatusBadRequest)
		return
	}
	if !verify(h.key, r.Header, body) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if i.Type == discordgo.InteractionPing {
		writeJSON(w, map[string]int{"type": int(discordgo.InteractionResponsePong)})
		return
	}
	if !isSnowflake(i.ID) || !isSnowflake(i.AppID) || !isToken(i.Token) {
		http.Error(w, "interaction without a valid id, token or application_id", http.StatusBadRequest)
		return
	}
	if h.b.opts.AppID != "" && i.AppID != h.b.opts.AppID {
		// Answering would edit messages of another application.
		http.Error(w, "interaction for another application", http.StatusBadRequest)
		return
	}
	h.serveInteraction(w, r, &i, rawInThread(body))
}

// isSnowflake reports whether s can be a Discord ID: 1 to 20 digits.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isToken reports whether s can be an interaction token: it goes into
// webhook URLs, so only characters that stay one path segment (Discord's
// tokens are base64url-like, a few hundred characters).
func isToken(s string) bool {
	if s == "" || len(s) > 1000 {
		return false
	}
	for _, c := range s {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}

// verify checks Discord's signature: ed25519 over timestamp + body.
func verify(key ed25519.PublicKey, hdr http.Header, body []byte) bool {
	sig, err := hex.DecodeString(hdr.Get("X-Signature-Ed25519"))
	ts := hdr.Get("X-Signature-Timestamp")
	if err != nil || len(sig) != ed25519.SignatureSize || ts == "" || len(key) != ed25519.PublicKeySize {
		return false
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	return ed25519.Verify(key, msg, sig)
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// ack hands the first response from the handler's goroutine to the HTTP
// request's. If the request gave up waiting and answered "thinking..."
// itself, a later first response becomes an edit of @original.
type ack struct {
	mu       sync.Mutex
	ch       chan *discordgo.InteractionResponse // buffered 1
	sent     bool
	deferred bool // the HTTP reply was a type 5 sent on the handler's behalf
}

func (h *httpEndpoint) serveInteraction(w http.ResponseWriter, r *http.Request, i *discordgo.Interaction, inThread bool) {
	a := &ack{ch: make(chan *discordgo.InteractionResponse, 1)}
	x := &exchange{i: i, rest: h.rest, inThread: inThread}
	x.first = func(ctx context.Context, resp *discordgo.InteractionResponse) error {
		a.mu.Lock()
		if !a.deferred {
			a.sent = true
			a.ch <- resp
			a.mu.Unlock()
			return nil
		}
		a.mu.Unlock()
		return lateFirst(ctx, x, resp)
	}
	done := make(chan struct{})
	h.b.goHandle("interaction", func(ctx context.Context) {
		defer close(done)
		h.b.handleInteraction(ctx, x)
	}, func(ctx context.Context) { h.b.reportError(ctx, x, "panic", errors.New("handler panicked")) })

	t := time.NewTimer(h.b.opts.AckTimeout)
	defer t.Stop()
	select {
	case resp := <-a.ch:
		writeJSON(w, resp)
		return
	case <-t.C:
	case <-r.Context().Done():
	}
	a.mu.Lock()
	if a.sent {
		a.mu.Unlock()
		writeJSON(w, <-a.ch)
		return
	}
	a.deferred = true
	a.mu.Unlock()
	h.b.log.Warn("handler slow to respond; sent a deferred response for it", "id", i.ID, "after", h.b.opts.AckTimeout)
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		writeJSON(w, choicesResponse(nil))
		return
	}
	writeJSON(w, deferred(false))
}

// lateFirst delivers a first response after the endpoint already answered
// "thinking...": a message becomes an edit of @original; a deferral is
// already done.
func lateFirst(ctx context.Context, x *exchange, resp *discordgo.InteractionResponse) error {
	switch resp.Type {
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		return nil
	case discordgo.InteractionResponseChannelMessageWithSource:
		d := resp.Data
		m := Message{Content: d.Content, Embeds: d.Embeds, Components: d.Components}
		return x.edit(ctx, m)
	}
	return fmt.Errorf("response type %d came after the endpoint gave up waiting", resp.Type)
}

// RunHTTP serves the HTTP-interactions endpoint on ln until ctx is done;
// then it stops accepting, lets requests and answers in flight finish (up
// to ShutdownGrace) and returns nil. A Bot runs once.
func (b *Bot) RunHTTP(ctx context.Context, ln net.Listener, key ed25519.PublicKey, rest *discordgo.Session) error {
	return b.RunHTTPHandler(ctx, ln, b.HTTPHandler(key, rest))
}

// RunHTTPHandler is RunHTTP with the handler given: h is typically a mux
// that routes Discord's POSTs to HTTPHandler beside health and metrics
// endpoints. It serves h on ln until ctx is done, then shuts down like
// RunHTTP. A Bot runs once.
func (b *Bot) RunHTTPHandler(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	b.log.Info("serving HTTP interactions", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		b.drain()
		return fmt.Errorf("serve HTTP interactions: %w", err)
	case <-ctx.Done():
	}
	b.log.Info("shutting down: finishing answers in flight", "grace", b.opts.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), b.opts.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		b.log.Warn("HTTP shutdown", "err", err)
		srv.Close()
	}
	b.drain()
	return nil
}
