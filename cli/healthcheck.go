package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runHealthcheck GETs the bot's health endpoint and fails unless it answers
// 200: a HEALTHCHECK for images without a shell or curl (distroless).
func runHealthcheck(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("healthcheck")
	url := fs.String("url", "", "the health endpoint's `URL` (default: /healthz on $CHARTERBOT_HTTP_ADDR's port, else http://127.0.0.1:8080/healthz)")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this long")
	addConfigFlag(fs)
	pos, err := parseArgs(env, fs, "[--url URL] [--timeout D]", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("healthcheck: takes no arguments")
	}
	if *url == "" {
		cfg, err := loadConfig(env, fs)
		if err != nil {
			return fmt.Errorf("healthcheck: %w", err)
		}
		*url = healthURL(cfg.HTTP.Addr)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return usagef("healthcheck: %v", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s: %s", *url, resp.Status, body)
	}
	fmt.Fprintf(env.stdout, "ok: %s\n", *url)
	return nil
}

// healthURL is /healthz on the local port of addr (http.addr), or on 8080.
func healthURL(addr string) string {
	port := "8080"
	if _, p, err := net.SplitHostPort(addr); err == nil && p != "" && p != "0" {
		port = p
	}
	return "http://" + net.JoinHostPort("127.0.0.1", port) + "/healthz"
}
