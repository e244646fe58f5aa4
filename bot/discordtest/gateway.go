package discordtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opPresenceUpdate = 3
	opVoiceState     = 4
	opResume         = 6
	opReconnect      = 7
	opRequestMembers = 8
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatACK   = 11
)

// Gateway close codes the fake uses.
const (
	closeUnknownOpcode    = 4001
	closeDecodeError      = 4002
	closeAuthFailed       = 4004
	closeAlreadyAuth      = 4005
	closeInvalidShard     = 4010
	closeUnsupportedParam = 4012 // Discord's "invalid API version"; used for unsupported URL options
)

const gatewayWriteTimeout = 5 * time.Second

// GatewayFrame is one frame a client sent on the gateway.
type GatewayFrame struct {
	Op   int
	Data json.RawMessage // the frame's "d"
	// Query is the connection's URL query, e.g. "v=9&encoding=json".
	Query string
	Time  time.Time
}

// gatewayState is the gateway's part of the Server, guarded by Server.mu.
type gatewayState struct {
	conns    map[*gwConn]bool
	sessions map[string]*gwSession
	frames   []GatewayFrame
	handlers sync.WaitGroup // running serveGateway calls; Add only under Server.mu while !closing
	closing  bool
}

// gwSession is a gateway session that a client can resume.
type gwSession struct {
	id    string
	seq   int64
	shard [2]int
}

type gwConn struct {
	ws      *websocket.Conn
	writeMu sync.Mutex
	session *gwSession // set once READY or RESUMED was sent; guarded by Server.mu
}

func (c *gwConn) write(v any) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(gatewayWriteTimeout))
	return c.ws.WriteJSON(v)
}

func (c *gwConn) closeWith(code int, text string) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.ws.Close()
}

type gwFrame struct {
	Op   int             `json:"op"`
	Data json.RawMessage `json:"d"`
	Seq  *int64          `json:"s"`
	Type *string         `json:"t"`
}

var upgrader = websocket.Upgrader{
	// The fake is only reached from the test's own process.
	CheckOrigin: func(*http.Request) bool { return true },
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.gw.closing {
		s.mu.Unlock()
		http.Error(w, "discordtest is shutting down", http.StatusServiceUnavailable)
		return
	}
	s.gw.handlers.Add(1)
	s.mu.Unlock()
	defer s.gw.handlers.Done()

	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client already.
	}
	c := &gwConn{ws: ws}
	s.mu.Lock()
	s.gw.conns[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.gw.conns, c)
		s.notifyLocked()
		s.mu.Unlock()
		ws.Close()
	}()

	q := r.URL.Query()
	if enc := q.Get("encoding"); enc != "" && enc != "json" {
		c.closeWith(closeDecodeError, "discordtest serves encoding=json only")
		return
	}
	if cm := q.Get("compress"); cm != "" {
		// Transport compression is not implemented; refuse it loudly
		// rather than send frames the client cannot read.
		s.recordViolation(Violation{Kind: KindInternal, Method: "GET", Path: r.URL.Path,
			Message: "gateway compress=" + cm + " is not supported by discordtest"})
		c.closeWith(closeUnsupportedParam, "discordtest does not support compress="+cm)
		return
	}
	if err := c.write(map[string]any{"op": opHello, "d": map[string]any{"heartbeat_interval": s.cfg.heartbeat.Milliseconds()}}); err != nil {
		return
	}
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var f gwFrame
		if err := json.Unmarshal(msg, &f); err != nil {
			c.closeWith(closeDecodeError, "invalid JSON")
			return
		}
		s.mu.Lock()
		s.gw.frames = append(s.gw.frames, GatewayFrame{Op: f.Op, Data: f.Data, Query: r.URL.RawQuery, Time: time.Now()})
		s.notifyLocked()
		s.mu.Unlock()
		if !s.gatewayOp(c, f) {
			return
		}
	}
}

// gatewayOp answers one client frame; false means the connection is done.
func (s *Server) gatewayOp(c *gwConn, f gwFrame) bool {
	switch f.Op {
	case opHeartbeat:
		return c.write(map[string]any{"op": opHeartbeatACK}) == nil
	case opIdentify:
		return s.identify(c, f.Data)
	case opResume:
		return s.resume(c, f.Data)
	case opPresenceUpdate, opVoiceState, opRequestMembers:
		return true
	default:
		c.closeWith(closeUnknownOpcode, "unknown opcode "+strconv.Itoa(f.Op))
		return false
	}
}

func (s *Server) identify(c *gwConn, raw json.RawMessage) bool {
	var id Identify
	if err := json.Unmarshal(raw, &id); err != nil {
		c.closeWith(closeDecodeError, "invalid IDENTIFY payload")
		return false
	}
	if id.Token == "" {
		c.closeWith(closeAuthFailed, "Authentication failed.")
		return false
	}
	shard := [2]int{0, 1}
	if id.Shard != nil {
		shard = *id.Shard
		if shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1] {
			c.closeWith(closeInvalidShard, "Invalid shard.")
			return false
		}
	}
	s.mu.Lock()
	if c.session != nil {
		s.mu.Unlock()
		c.closeWith(closeAlreadyAuth, "Already authenticated.")
		return false
	}
	sess := &gwSession{id: "session-" + s.newID(), seq: 1, shard: shard}
	s.gw.sessions[sess.id] = sess
	s.mu.Unlock()

	ready := map[string]any{
		"v":                  10,
		"session_id":         sess.id,
		"resume_gateway_url": s.GatewayURL(),
		"user":               botUser(),
		"application":        map[string]any{"id": AppID, "flags": 0},
		"guilds":             []any{},
		"private_channels":   []any{},
		"shard":              shard,
	}
	return s.attach(c, sess, map[string]any{"op": opDispatch, "s": 1, "t": "READY", "d": ready})
}

// attach makes c the connection of sess and sends first, READY or
// RESUMED. c's write lock is held throughout, so no dispatch overtakes it.
func (s *Server) attach(c *gwConn, sess *gwSession, first any) bool {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	s.mu.Lock()
	c.session = sess
	s.notifyLocked()
	s.mu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(gatewayWriteTimeout))
	return c.ws.WriteJSON(first) == nil
}

func (s *Server) resume(c *gwConn, raw json.RawMessage) bool {
	var p struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		c.closeWith(closeDecodeError, "invalid RESUME payload")
		return false
	}
	s.mu.Lock()
	sess := s.gw.sessions[p.SessionID]
	if sess == nil || p.Token == "" {
		s.mu.Unlock()
		// Invalid session, not resumable: the client identifies anew.
		return c.write(map[string]any{"op": opInvalidSession, "d": false}) == nil
	}
	// The fake keeps no backlog, so nothing is replayed after p.Seq.
	sess.seq++
	seq := sess.seq
	s.mu.Unlock()
	return s.attach(c, sess, map[string]any{"op": opDispatch, "s": seq, "t": "RESUMED", "d": map[string]any{}})
}

func (s *Server) recordViolation(v Violation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, v)
	s.notifyLocked()
}

// GatewayFrames returns every frame clients sent on the gateway so far.
func (s *Server) GatewayFrames() []GatewayFrame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]GatewayFrame(nil), s.gw.frames...)
}

// Identify is an IDENTIFY payload as a client sent it. (discordgo's own
// Identify type cannot read its presence back: it writes an activity's
// created_at as a time and reads it as a number.)
type Identify struct {
	Token          string            `json:"token"`
	Intents        discordgo.Intent  `json:"intents"`
	Shard          *[2]int           `json:"shard"`
	Compress       bool              `json:"compress"`
	LargeThreshold int               `json:"large_threshold"`
	Properties     map[string]string `json:"properties"`
	Presence       json.RawMessage   `json:"presence"`
}

// Identifies returns the IDENTIFY payloads received so far, in order.
func (s *Server) Identifies() []Identify {
	var out []Identify
	for _, f := range s.GatewayFrames() {
		if f.Op != opIdentify {
			continue
		}
		var id Identify
		if err := json.Unmarshal(f.Data, &id); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// WaitConnected blocks until at least one gateway connection has been sent
// READY or RESUMED, or ctx is done.
func (s *Server) WaitConnected(ctx context.Context) error {
	for {
		s.mu.Lock()
		n := s.readyConnsLocked()
		ch := s.changed
		s.mu.Unlock()
		if len(n) > 0 {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("wait for a gateway session: %w", ctx.Err())
		}
	}
}

func (s *Server) readyConnsLocked() []*gwConn {
	var out []*gwConn
	for c := range s.gw.conns {
		if c.session != nil {
			out = append(out, c)
		}
	}
	return out
}

// Dispatch sends an event (op 0) with the next sequence number to every
// connected gateway session whose shard the event belongs to: events with
// a guild_id go to shard (guild_id >> 22) % shard_count, the others to
// shard 0. It returns an error when no session received it.
func (s *Server) Dispatch(event string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("dispatch %s: encode: %w", event, err)
	}
	var target struct {
		GuildID string `json:"guild_id"`
	}
	json.Unmarshal(raw, &target) // non-objects have no guild
	guild, _ := strconv.ParseUint(target.GuildID, 10, 64)

	type send struct {
		c   *gwConn
		seq int64
	}
	var sends []send
	s.mu.Lock()
	for _, c := range s.readyConnsLocked() {
		shard := 0
		if guild != 0 {
			shard = int((guild >> 22) % uint64(c.session.shard[1]))
		}
		if shard != c.session.shard[0] {
			continue
		}
		c.session.seq++
		sends = append(sends, send{c, c.session.seq})
	}
	s.mu.Unlock()
	if len(sends) == 0 {
		return fmt.Errorf("dispatch %s: no gateway session connected for it", event)
	}
	var errs []error
	for _, sd := range sends {
		frame := map[string]any{"op": opDispatch, "s": sd.seq, "t": event, "d": json.RawMessage(raw)}
		if err := sd.c.write(frame); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == len(sends) {
		return fmt.Errorf("dispatch %s: %w", event, errors.Join(errs...))
	}
	return nil
}

// DispatchInteraction sends INTERACTION_CREATE. i is usually built by
// SlashCommand, Autocomplete or Component; any value that marshals to an
// interaction object works. The fake's 3 s response deadline for the
// interaction starts now.
func (s *Server) DispatchInteraction(i any) error {
	if it, ok := i.(Interaction); ok {
		s.mu.Lock()
		if st := s.issued[it.ID()]; st != nil {
			st.at = time.Now()
		}
		s.mu.Unlock()
	}
	return s.Dispatch("INTERACTION_CREATE", i)
}

// DispatchMessage sends MESSAGE_CREATE; m is usually built by
// MentionMessage or DirectMessage.
func (s *Server) DispatchMessage(m any) error {
	return s.Dispatch("MESSAGE_CREATE", m)
}

// Reconnect sends op 7 RECONNECT to every connected session; discordgo
// then reconnects and resumes.
func (s *Server) Reconnect() error {
	s.mu.Lock()
	conns := s.readyConnsLocked()
	s.mu.Unlock()
	if len(conns) == 0 {
		return errors.New("reconnect: no gateway session connected")
	}
	for _, c := range conns {
		if err := c.write(map[string]any{"op": opReconnect, "d": nil}); err != nil {
			return fmt.Errorf("reconnect: %w", err)
		}
	}
	return nil
}

// closeGateway ends every gateway connection, refuses new ones and waits
// for their handlers to return.
func (s *Server) closeGateway() {
	s.mu.Lock()
	s.gw.closing = true
	var conns []*gwConn
	for c := range s.gw.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.closeWith(websocket.CloseGoingAway, "discordtest shutting down")
	}
	s.gw.handlers.Wait()
}

// WaitGateway returns the first frame, past or future, that clients sent
// on the gateway and for which match returns true. It blocks until one
// arrives or ctx is done.
func (s *Server) WaitGateway(ctx context.Context, match func(GatewayFrame) bool) (GatewayFrame, error) {
	seen := 0
	for {
		s.mu.Lock()
		frames := s.gw.frames[seen:]
		seen = len(s.gw.frames)
		ch := s.changed
		s.mu.Unlock()
		for _, f := range frames {
			if match(f) {
				return f, nil
			}
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return GatewayFrame{}, fmt.Errorf("wait for matching gateway frame after %d frames: %w", seen, ctx.Err())
		}
	}
}
