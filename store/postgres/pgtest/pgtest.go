// Package pgtest gives tests a real PostgreSQL: the server's URL and a
// schema of their own, dropped when the test ends.
//
// The URL is CHARTERBOT_TEST_DATABASE_URL (internal/hermetic keeps
// CHARTERBOT_TEST_* variables), else DefaultURL. When the server cannot be
// reached the test is skipped with a message saying how to run it, unless
// CI is "true": there the test fails, so that CI never passes without the
// PostgreSQL tests.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	neturl "net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL is the variable that names the test server.
const EnvURL = "CHARTERBOT_TEST_DATABASE_URL"

// DefaultURL is the server tests use when EnvURL is unset: the one CI and
// the development machines run (trust authentication, database test).
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

var (
	mu      sync.Mutex
	reached = map[string]error{} // URL -> the result of the first attempt
)

// URL returns the test server's URL, or skips t (fails it when CI=true)
// when the server cannot be reached.
func URL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(EnvURL)
	if url == "" {
		url = DefaultURL
	}
	mu.Lock()
	err, tried := reached[url]
	if !tried {
		err = ping(url)
		reached[url] = err
	}
	mu.Unlock()
	if err != nil {
		msg := fmt.Sprintf("PostgreSQL is not reachable (%v). To run the PostgreSQL tests, start a server with trust authentication "+
			"and a database \"test\" at 127.0.0.1:5432, or set %s=postgres://USER@HOST:PORT/DB?sslmode=disable", err, EnvURL)
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true: these tests must run)", msg)
		}
		t.Skip(msg)
	}
	return url
}

func ping(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.Ping(ctx)
}

var unsafe = regexp.MustCompile(`[^a-z0-9_]+`)

// Schema returns the name of a new schema for t on the server at url (it
// does not create it: the store does) and drops it, with all it holds,
// when t ends.
func Schema(t testing.TB, url string) string {
	t.Helper()
	name := unsafe.ReplaceAllString(strings.ToLower(t.Name()), "_")
	if len(name) > 40 {
		name = name[len(name)-40:]
	}
	raw := make([]byte, 4)
	rand.Read(raw)
	schema := "t_" + strings.Trim(name, "_") + "_" + hex.EncodeToString(raw)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

// WithSchema returns url with its search_path set to schema: a store
// opened on it keeps its tables there (and creates it when missing).
func WithSchema(t testing.TB, rawURL, schema string) string {
	t.Helper()
	u, err := neturl.Parse(rawURL)
	if err != nil {
		t.Fatalf("database URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Proxy is a TCP proxy in front of the test server that the test can cut,
// to play a database that goes away and comes back. Cut closes every
// connection and refuses new ones (they are accepted and closed at once,
// as a server that restarts does) until Restore.
type Proxy struct {
	ln     net.Listener
	target string
	url    string

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]bool
}

// NewProxy starts a proxy to the server of url on a free local port; it
// stops when t ends.
func NewProxy(t testing.TB, rawURL string) *Proxy {
	t.Helper()
	u, err := neturl.Parse(rawURL)
	if err != nil {
		t.Fatalf("database URL: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	target := u.Host
	if u.Port() == "" {
		target = net.JoinHostPort(u.Hostname(), "5432")
	}
	u.Host = ln.Addr().String()
	p := &Proxy{ln: ln, target: target, url: u.String(), conns: map[net.Conn]bool{}}
	go p.serve()
	t.Cleanup(func() {
		ln.Close()
		p.Cut()
	})
	return p
}

// URL is url with the proxy's address in place of the server's.
func (p *Proxy) URL() string { return p.url }

// Cut closes every connection through the proxy and refuses new ones.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

// Restore lets connections through again.
func (p *Proxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.pipe(c)
	}
}

func (p *Proxy) pipe(c net.Conn) {
	p.mu.Lock()
	down := p.down
	p.mu.Unlock()
	if down {
		c.Close()
		return
	}
	s, err := net.DialTimeout("tcp", p.target, 3*time.Second)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.down {
		p.mu.Unlock()
		c.Close()
		s.Close()
		return
	}
	p.conns[c], p.conns[s] = true, true
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	cp := func(dst, src net.Conn) {
		io.Copy(dst, src)
		done <- struct{}{}
	}
	go cp(s, c)
	go cp(c, s)
	<-done
	c.Close()
	s.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, s)
	p.mu.Unlock()
}
