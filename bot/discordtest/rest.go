package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// handler serves one route after validation. It may add violations to call.
type handler func(s *Server, call *Call, r *http.Request) reply

// Templates of the routes the fake serves, as the spec spells them and as
// Call.Route reports them. RouteWebhook is the follow-up route.
const (
	RouteCallback        = "/interactions/{interaction_id}/{interaction_token}/callback"
	RouteWebhook         = "/webhooks/{webhook_id}/{webhook_token}"
	RouteOriginal        = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
	RouteWebhookMessage  = "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
	RouteCommands        = "/applications/{application_id}/commands"
	RouteCommand         = "/applications/{application_id}/commands/{command_id}"
	RouteGuildCommands   = "/applications/{application_id}/guilds/{guild_id}/commands"
	RouteGuildCommand    = "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}"
	RouteChannelMessages = "/channels/{channel_id}/messages"
	RouteChannelMessage  = "/channels/{channel_id}/messages/{message_id}"
	RouteTyping          = "/channels/{channel_id}/typing"
	RouteChannel         = "/channels/{channel_id}"
	RouteMessageThreads  = "/channels/{channel_id}/messages/{message_id}/threads"
	RouteMe              = "/users/@me"
	RouteDMChannels      = "/users/@me/channels"
	RouteApplicationMe   = "/applications/@me"
	RouteOAuthAppMe      = "/oauth2/applications/@me"
	RouteGateway         = "/gateway"
	RouteGatewayBot      = "/gateway/bot"
)

// Interaction callback types the fake stores a message for.
const (
	cbMessage         = 4
	cbDeferredMessage = 5
	cbDeferredUpdate  = 6
	cbUpdateMessage   = 7
)

// messageFlagLoading marks a deferred response's "thinking..." message.
const messageFlagLoading = 1 << 7

// servedRoutes maps "METHOD template" to the handler of each route the
// fake serves. It builds a new map on each call: there is no shared table.
func servedRoutes() map[string]handler {
	return map[string]handler{
		"POST " + RouteCallback:         (*Server).callback,
		"GET " + RouteOriginal:          (*Server).getOriginal,
		"PATCH " + RouteOriginal:        (*Server).editOriginal,
		"DELETE " + RouteOriginal:       (*Server).deleteOriginal,
		"POST " + RouteWebhook:          (*Server).followup,
		"GET " + RouteWebhookMessage:    (*Server).getFollowup,
		"PATCH " + RouteWebhookMessage:  (*Server).editFollowup,
		"DELETE " + RouteWebhookMessage: (*Server).deleteFollowup,
		"PUT " + RouteCommands:          (*Server).overwriteCommands,
		"PUT " + RouteGuildCommands:     (*Server).overwriteCommands,
		"GET " + RouteCommands:          (*Server).listCommands,
		"GET " + RouteGuildCommands:     (*Server).listCommands,
		"POST " + RouteCommands:         (*Server).createCommand,
		"POST " + RouteGuildCommands:    (*Server).createCommand,
		"DELETE " + RouteCommand:        (*Server).deleteCommand,
		"DELETE " + RouteGuildCommand:   (*Server).deleteCommand,
		"POST " + RouteChannelMessages:  (*Server).createChannelMessage,
		"PATCH " + RouteChannelMessage:  (*Server).editChannelMessage,
		"DELETE " + RouteChannelMessage: (*Server).deleteChannelMessage,
		"GET " + RouteChannel:           (*Server).getChannel,
		"POST " + RouteMessageThreads:   (*Server).startThread,
		"POST " + RouteTyping:           func(*Server, *Call, *http.Request) reply { return reply{status: http.StatusNoContent} },
		"GET " + RouteMe:                func(*Server, *Call, *http.Request) reply { return jsonReply(http.StatusOK, botUser()) },
		"POST " + RouteDMChannels:       (*Server).createDM,
		"GET " + RouteApplicationMe:     func(*Server, *Call, *http.Request) reply { return jsonReply(http.StatusOK, application()) },
		"GET " + RouteOAuthAppMe:        func(*Server, *Call, *http.Request) reply { return jsonReply(http.StatusOK, application()) },
		"GET " + RouteGateway: func(s *Server, _ *Call, _ *http.Request) reply {
			return jsonReply(http.StatusOK, map[string]any{"url": s.GatewayURL()})
		},
		"GET " + RouteGatewayBot: (*Server).gatewayBot,
	}
}

func botUser() map[string]any {
	return map[string]any{
		"id": BotUserID, "username": BotName, "discriminator": "0000", "global_name": nil,
		"avatar": nil, "bot": true, "public_flags": 0, "flags": 0, "primary_guild": nil,
	}
}

func application() map[string]any {
	return map[string]any{
		"id": AppID, "name": BotName, "icon": nil, "description": "", "bot_public": false,
		"bot_require_code_grant": false, "verify_key": "", "flags": 0, "bot": botUser(),
	}
}

func (s *Server) gatewayBot(*Call, *http.Request) reply {
	return jsonReply(http.StatusOK, map[string]any{
		"url":    s.GatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": 1,
		},
	})
}

// protocol records a violation of Discord's rules that is not a body
// problem and returns Discord's answer to it.
func protocol(call *Call, status, code int, msg, why string) reply {
	call.Violations = append(call.Violations, Violation{Kind: KindProtocol, Message: why})
	return discordError(status, code, msg)
}

// checkApp rejects a webhook or command route whose application id is
// not the fake's, as Discord would.
func checkApp(call *Call, param string) (reply, bool) {
	if id := call.Params[param]; id != AppID {
		return protocol(call, http.StatusNotFound, 10015, "Unknown Webhook",
			param+" "+strconv.Quote(id)+" is not the application id "+AppID), false
	}
	return reply{}, true
}

// newMessage builds a message object as Discord returns it from a create
// body, with the fake's bot as author.
func (s *Server) newMessage(channelID string, msgType int, webhook bool, body map[string]any) map[string]any {
	m := map[string]any{
		"id": s.newID(), "channel_id": channelID, "type": msgType, "content": "",
		"mentions": []any{}, "mention_roles": []any{}, "attachments": []any{}, "embeds": []any{},
		"components": []any{}, "timestamp": time.Now().UTC().Format(time.RFC3339Nano),
		"edited_timestamp": nil, "flags": 0, "author": botUser(), "pinned": false,
		"mention_everyone": false, "tts": false,
	}
	if webhook {
		m["webhook_id"] = AppID
		m["application_id"] = AppID
	}
	mergeMessage(m, body)
	return m
}

// mergeMessage applies a create or edit body to a stored message. Only
// fields present in the body change, as with Discord's PATCH.
func mergeMessage(m, body map[string]any) {
	for _, k := range []string{"content", "embeds", "components", "attachments", "tts", "poll", "message_reference"} {
		if v, ok := body[k]; ok {
			if v == nil && k != "message_reference" {
				// null clears a field; Discord returns the empty value.
				switch k {
				case "content":
					v = ""
				case "tts":
					v = false
				default:
					v = []any{}
				}
			}
			m[k] = normalise(k, v)
		}
	}
	if f, ok := body["flags"].(float64); ok {
		m["flags"] = int(f)
	}
}

// normalise fills in what Discord adds when it stores a message field:
// embeds get type "rich" and fields "inline": false; every component gets
// a numeric id, numbered depth-first from 1 within the message.
func normalise(key string, v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	switch key {
	case "embeds":
		out := make([]any, len(list))
		for i, ev := range list {
			e, ok := ev.(map[string]any)
			if !ok {
				out[i] = ev
				continue
			}
			e = copyMessage(e)
			if _, ok := e["type"]; !ok {
				e["type"] = "rich"
			}
			if fs, ok := e["fields"].([]any); ok {
				nf := make([]any, len(fs))
				for j, fv := range fs {
					f, ok := fv.(map[string]any)
					if ok {
						f = copyMessage(f)
						if _, ok := f["inline"]; !ok {
							f["inline"] = false
						}
						nf[j] = f
					} else {
						nf[j] = fv
					}
				}
				e["fields"] = nf
			}
			out[i] = e
		}
		return out
	case "components":
		next := 0
		return numberComponents(list, &next)
	}
	return v
}

func numberComponents(list []any, next *int) []any {
	out := make([]any, len(list))
	for i, cv := range list {
		c, ok := cv.(map[string]any)
		if !ok {
			out[i] = cv
			continue
		}
		c = copyMessage(c)
		*next++
		if _, ok := c["id"]; !ok {
			c["id"] = *next
		}
		if kids, ok := c["components"].([]any); ok {
			c["components"] = numberComponents(kids, next)
		}
		out[i] = c
	}
	return out
}

func copyMessage(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (s *Server) callback(call *Call, r *http.Request) reply {
	id, token := call.Params["interaction_id"], call.Params["interaction_token"]
	body, _ := call.JSON.(map[string]any)
	cbType := int(num(body["type"]))
	data, _ := body["data"].(map[string]any)
	if cbType == cbMessage && !nonEmptyMessage(data) {
		call.Violations = append(call.Violations, Violation{Kind: KindLimit, Pointer: "/data",
			Message: "message has no content, embeds, components, attachments or poll"})
		return discordError(http.StatusBadRequest, 50006, "Cannot send an empty message")
	}

	s.mu.Lock()
	st := s.issued[id]
	switch {
	case st == nil:
		// Not issued by this fake (a test built its own payload): track it
		// from here so a second response is still caught.
		s.issued[id] = &issuedInteraction{token: token, at: time.Now(), answered: true}
	case st.token != token:
		s.mu.Unlock()
		return protocol(call, http.StatusNotFound, 10062, "Unknown interaction", "interaction token does not belong to interaction "+id)
	case st.answered:
		s.mu.Unlock()
		return protocol(call, http.StatusBadRequest, 40060, "Interaction has already been acknowledged.",
			"second response to interaction "+id+"; use the webhook routes after the first")
	case s.cfg.responseDeadline > 0 && time.Since(st.at) > s.cfg.responseDeadline:
		late := time.Since(st.at).Round(time.Millisecond)
		s.mu.Unlock()
		return protocol(call, http.StatusNotFound, 10062, "Unknown interaction",
			"first response came "+late.String()+" after the interaction; Discord allows "+s.cfg.responseDeadline.String())
	default:
		st.answered = true
	}
	channelID := "0"
	if st != nil && st.channelID != "" {
		channelID = st.channelID
	}
	var msg map[string]any
	switch cbType {
	case cbMessage:
		msg = s.newMessage(channelID, 20, true, data)
		s.originals[token] = msg
	case cbDeferredMessage:
		msg = s.newMessage(channelID, 20, true, nil)
		flags := messageFlagLoading
		if data != nil {
			flags |= int(num(data["flags"]))
		}
		msg["flags"] = flags
		s.originals[token] = msg
	case cbUpdateMessage, cbDeferredUpdate:
		// The original of a component interaction is the message the
		// component sits on.
		msg = s.originals[token]
		if msg == nil {
			msg = s.newMessage(channelID, 0, false, nil)
			if st != nil && st.messageID != "" {
				msg["id"] = st.messageID
			}
			s.originals[token] = msg
		}
		if cbType == cbUpdateMessage {
			mergeMessage(msg, data)
		}
	}
	if msg != nil {
		msg = copyMessage(msg)
	}
	s.mu.Unlock()

	if r.URL.Query().Get("with_response") != "true" {
		return reply{status: http.StatusNoContent}
	}
	resp := map[string]any{
		"interaction": map[string]any{"id": id, "type": 2, "response_message_loading": cbType == cbDeferredMessage},
	}
	if msg != nil {
		resp["resource"] = map[string]any{"type": cbType, "message": msg}
	} else {
		resp["resource"] = map[string]any{"type": cbType}
	}
	return jsonReply(http.StatusOK, resp)
}

// nonEmptyMessage reports whether a message create body has something to show.
func nonEmptyMessage(m map[string]any) bool {
	if str(m["content"]) != "" || m["poll"] != nil {
		return true
	}
	for _, k := range []string{"embeds", "components", "attachments", "sticker_ids"} {
		if l, ok := m[k].([]any); ok && len(l) > 0 {
			return true
		}
	}
	return false
}

func (s *Server) getOriginal(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "webhook_id"); !ok {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.originals[call.Params["webhook_token"]]
	if m == nil {
		return discordError(http.StatusNotFound, 10008, "Unknown Message")
	}
	return jsonReply(http.StatusOK, copyMessage(m))
}

func (s *Server) editOriginal(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "webhook_id"); !ok {
		return rep
	}
	body, _ := call.JSON.(map[string]any)
	token := call.Params["webhook_token"]
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.originals[token]
	if m == nil {
		// In HTTP-interactions mode the first response travels in the
		// HTTP reply to Discord, which this fake does not see; an edit is
		// then the first the fake hears of the original.
		channelID := "0"
		for _, st := range s.issued {
			if st.token == token && st.channelID != "" {
				channelID = st.channelID
			}
		}
		m = s.newMessage(channelID, 20, true, nil)
		s.originals[token] = m
	}
	mergeMessage(m, body)
	if f, ok := m["flags"].(int); ok {
		m["flags"] = f &^ messageFlagLoading
	}
	m["edited_timestamp"] = time.Now().UTC().Format(time.RFC3339Nano)
	return jsonReply(http.StatusOK, copyMessage(m))
}

func (s *Server) deleteOriginal(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "webhook_id"); !ok {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	token := call.Params["webhook_token"]
	if s.originals[token] == nil {
		return discordError(http.StatusNotFound, 10008, "Unknown Message")
	}
	delete(s.originals, token)
	return reply{status: http.StatusNoContent}
}

func (s *Server) followup(call *Call, r *http.Request) reply {
	if rep, ok := checkApp(call, "webhook_id"); !ok {
		return rep
	}
	body, _ := call.JSON.(map[string]any)
	if !nonEmptyMessage(body) {
		call.Violations = append(call.Violations, Violation{Kind: KindLimit,
			Message: "message has no content, embeds, components, attachments or poll"})
		return discordError(http.StatusBadRequest, 50006, "Cannot send an empty message")
	}
	token := call.Params["webhook_token"]
	s.mu.Lock()
	channelID := "0"
	for _, st := range s.issued {
		if st.token == token && st.channelID != "" {
			channelID = st.channelID
		}
	}
	m := s.newMessage(channelID, 0, true, body)
	if s.followups[token] == nil {
		s.followups[token] = make(map[string]map[string]any)
	}
	s.followups[token][m["id"].(string)] = m
	m = copyMessage(m)
	s.mu.Unlock()
	if r.URL.Query().Get("wait") != "true" {
		return reply{status: http.StatusNoContent}
	}
	return jsonReply(http.StatusOK, m)
}

// webhookMessage finds a follow-up, or the original by its id. s.mu must be held.
func (s *Server) webhookMessage(call *Call) map[string]any {
	token, id := call.Params["webhook_token"], call.Params["message_id"]
	if m := s.followups[token][id]; m != nil {
		return m
	}
	if m := s.originals[token]; m != nil && m["id"] == id {
		return m
	}
	return nil
}

func (s *Server) getFollowup(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "webhook_id"); !ok {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.webhookMessage(call)
	if m == nil {
		return discordError(http.StatusNotFound, 10008, "Unknown Message")
	}
	return jsonReply(http.StatusOK, copyMessage(m))
}

func (s *Server) editFollowup(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "webhook_id"); !ok {
		return rep
	}
	body, _ := call.JSON.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.webhookMessage(call)
	if m == nil {
		return discordError(http.StatusNotFound, 10008, "Unknown Message")
	}
	mergeMessage(m, body)
	m["edited_timestamp"] = time.Now().UTC().Format(time.RFC3339Nano)
	return jsonReply(http.StatusOK, copyMessage(m))
}

func (s *Server) deleteFollowup(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "webhook_id"); !ok {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	token, id := call.Params["webhook_token"], call.Params["message_id"]
	switch {
	case s.followups[token][id] != nil:
		delete(s.followups[token], id)
	case s.originals[token] != nil && s.originals[token]["id"] == id:
		delete(s.originals, token)
	default:
		return discordError(http.StatusNotFound, 10008, "Unknown Message")
	}
	return reply{status: http.StatusNoContent}
}

// commandResponse turns a command create body into Discord's stored form.
// It keeps the id of an existing command with the same name and type, as
// Discord's bulk overwrite does.
func (s *Server) commandResponse(guildID string, body map[string]any, existing []map[string]any) map[string]any {
	c := make(map[string]any, len(body)+6)
	for k, v := range body {
		c[k] = v
	}
	if _, ok := c["type"]; !ok {
		c["type"] = 1
	}
	if _, ok := c["description"]; !ok {
		c["description"] = ""
	}
	if _, ok := c["default_member_permissions"]; !ok {
		c["default_member_permissions"] = nil
	}
	c["application_id"] = AppID
	c["version"] = s.newID()
	if guildID != "" {
		c["guild_id"] = guildID
	}
	c["id"] = s.newID()
	for _, old := range existing {
		if old["name"] == c["name"] && num(old["type"]) == num(c["type"]) {
			c["id"] = old["id"]
		}
	}
	return c
}

func (s *Server) overwriteCommands(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "application_id"); !ok {
		return rep
	}
	list, _ := call.JSON.([]any)
	guildID := call.Params["guild_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.commands[guildID]
	out := make([]map[string]any, 0, len(list))
	for _, v := range list {
		body, _ := v.(map[string]any)
		out = append(out, s.commandResponse(guildID, body, old))
	}
	s.commands[guildID] = out
	return jsonReply(http.StatusOK, copyCommands(out))
}

func (s *Server) listCommands(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "application_id"); !ok {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return jsonReply(http.StatusOK, copyCommands(s.commands[call.Params["guild_id"]]))
}

func (s *Server) createCommand(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "application_id"); !ok {
		return rep
	}
	body, _ := call.JSON.(map[string]any)
	guildID := call.Params["guild_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.commandResponse(guildID, body, s.commands[guildID])
	status := http.StatusCreated
	list := s.commands[guildID]
	for i, old := range list {
		if old["id"] == c["id"] {
			list[i] = c
			status = http.StatusOK
		}
	}
	if status == http.StatusCreated {
		s.commands[guildID] = append(list, c)
	}
	return jsonReply(status, copyMessage(c))
}

func (s *Server) deleteCommand(call *Call, _ *http.Request) reply {
	if rep, ok := checkApp(call, "application_id"); !ok {
		return rep
	}
	guildID, id := call.Params["guild_id"], call.Params["command_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.commands[guildID]
	for i, c := range list {
		if c["id"] == id {
			s.commands[guildID] = append(list[:i:i], list[i+1:]...)
			return reply{status: http.StatusNoContent}
		}
	}
	return discordError(http.StatusNotFound, 10063, "Unknown application command")
}

func copyCommands(list []map[string]any) []map[string]any {
	out := make([]map[string]any, len(list))
	for i, c := range list {
		out[i] = copyMessage(c)
	}
	return out
}

func (s *Server) createChannelMessage(call *Call, _ *http.Request) reply {
	body, _ := call.JSON.(map[string]any)
	if !nonEmptyMessage(body) {
		call.Violations = append(call.Violations, Violation{Kind: KindLimit,
			Message: "message has no content, embeds, components, attachments or poll"})
		return discordError(http.StatusBadRequest, 50006, "Cannot send an empty message")
	}
	ch := call.Params["channel_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	msgType := 0
	if body["message_reference"] != nil {
		msgType = 19 // REPLY
	}
	m := s.newMessage(ch, msgType, false, body)
	if ref, ok := m["message_reference"].(map[string]any); ok {
		// Discord fills in the reference's type (0, DEFAULT) and channel.
		ref = copyMessage(ref)
		if _, ok := ref["type"]; !ok {
			ref["type"] = 0
		}
		if _, ok := ref["channel_id"]; !ok {
			ref["channel_id"] = ch
		}
		m["message_reference"] = ref
	}
	s.channelMsgs[ch] = append(s.channelMsgs[ch], m)
	return jsonReply(http.StatusOK, copyMessage(m))
}

// channelMessage finds a stored channel message. s.mu must be held.
func (s *Server) channelMessage(ch, id string) (int, map[string]any) {
	for i, m := range s.channelMsgs[ch] {
		if m["id"] == id {
			return i, m
		}
	}
	return -1, nil
}

func (s *Server) editChannelMessage(call *Call, _ *http.Request) reply {
	body, _ := call.JSON.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m := s.channelMessage(call.Params["channel_id"], call.Params["message_id"])
	if m == nil {
		return discordError(http.StatusNotFound, 10008, "Unknown Message")
	}
	mergeMessage(m, body)
	m["edited_timestamp"] = time.Now().UTC().Format(time.RFC3339Nano)
	return jsonReply(http.StatusOK, copyMessage(m))
}

func (s *Server) deleteChannelMessage(call *Call, _ *http.Request) reply {
	ch := call.Params["channel_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	i, m := s.channelMessage(ch, call.Params["message_id"])
	if m == nil {
		return discordError(http.StatusNotFound, 10008, "Unknown Message")
	}
	s.channelMsgs[ch] = append(s.channelMsgs[ch][:i:i], s.channelMsgs[ch][i+1:]...)
	return reply{status: http.StatusNoContent}
}

func (s *Server) createDM(call *Call, _ *http.Request) reply {
	body, _ := call.JSON.(map[string]any)
	recipient := str(body["recipient_id"])
	return jsonReply(http.StatusOK, map[string]any{
		"id": dmChannelID(recipient), "type": 1, "last_message_id": nil, "flags": 0,
		"recipients": []any{map[string]any{"id": recipient, "username": "user" + recipient,
			"discriminator": "0", "avatar": nil, "global_name": nil, "public_flags": 0, "flags": 0, "primary_guild": nil}},
	})
}

// dmChannelID derives a stable DM channel id from a user id, so a DM
// dispatched with Actor{DM: true} and a DM opened by the bot agree.
func dmChannelID(userID string) string {
	n, err := strconv.ParseUint(userID, 10, 64)
	if err != nil {
		return "1500000000000000000"
	}
	return strconv.FormatUint(n%1000000000000+1500000000000000000, 10)
}

// Original returns the current state of an interaction's original
// response (after callbacks and edits), decoded as discordgo decodes it.
func (s *Server) Original(token string) (*discordgo.Message, bool) {
	s.mu.Lock()
	m := s.originals[token]
	if m != nil {
		m = copyMessage(m)
	}
	s.mu.Unlock()
	if m == nil {
		return nil, false
	}
	return s.toMessage(m), true
}

// Followups returns the follow-up messages sent with an interaction
// token, oldest first.
func (s *Server) Followups(token string) []*discordgo.Message {
	s.mu.Lock()
	var list []map[string]any
	for _, m := range s.followups[token] {
		list = append(list, copyMessage(m))
	}
	s.mu.Unlock()
	// Snowflakes from newID grow with time and have equal length.
	sort.Slice(list, func(i, j int) bool { return str(list[i]["id"]) < str(list[j]["id"]) })
	out := make([]*discordgo.Message, len(list))
	for i, m := range list {
		out[i] = s.toMessage(m)
	}
	return out
}

// ChannelMessages returns the messages the bot posted to a channel with
// POST /channels/{id}/messages and did not delete, oldest first.
func (s *Server) ChannelMessages(channelID string) []*discordgo.Message {
	s.mu.Lock()
	var list []map[string]any
	for _, m := range s.channelMsgs[channelID] {
		list = append(list, copyMessage(m))
	}
	s.mu.Unlock()
	out := make([]*discordgo.Message, len(list))
	for i, m := range list {
		out[i] = s.toMessage(m)
	}
	return out
}

// Commands returns the registered commands, global (guildID "") or for
// one guild, as Discord stored them.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	list := copyCommands(s.commands[guildID])
	s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	b, _ := json.Marshal(list)
	if err := json.Unmarshal(b, &out); err != nil {
		s.fault(fmt.Errorf("decode stored commands: %w", err))
	}
	return out
}

// toMessage converts a stored message for callers. The stored form is
// built by the fake and always decodes; a failure is a fault of the fake,
// recorded as a KindInternal violation so the test fails.
func (s *Server) toMessage(m map[string]any) *discordgo.Message {
	var msg discordgo.Message
	b, err := json.Marshal(m)
	if err == nil {
		err = json.Unmarshal(b, &msg)
	}
	if err != nil {
		s.fault(fmt.Errorf("decode stored message: %w", err))
	}
	return &msg
}

// fault records a failure of the fake itself.
func (s *Server) fault(err error) {
	s.recordViolation(Violation{Kind: KindInternal, Message: err.Error()})
}

// textChannel is a guild text channel object as Discord returns it.
func textChannel(id, guildID string) map[string]any {
	return map[string]any{
		"id": id, "type": 0, "guild_id": guildID, "name": "channel-" + id[len(id)-4:], "position": 0,
		"permission_overwrites": []any{}, "nsfw": false, "topic": nil, "last_message_id": nil,
		"rate_limit_per_user": 0, "parent_id": nil, "flags": 0,
	}
}

// AddChannel makes a guild text channel visible to the bot: GET
// /channels/{id} answers it. DefaultChannelID in DefaultGuildID is there
// from the start; any other channel answers 403 Missing Access, as for a
// channel the bot cannot view.
func (s *Server) AddChannel(id, guildID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = textChannel(id, guildID)
}

func (s *Server) getChannel(call *Call, _ *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[call.Params["channel_id"]]
	if ch == nil {
		return discordError(http.StatusForbidden, 50001, "Missing Access")
	}
	return jsonReply(http.StatusOK, copyMessage(ch))
}

// startThread serves "start thread from message": the thread gets the
// message's id, as on Discord, and a second thread on one message is
// refused with code 160004. The message must be one the fake knows (a
// channel message, an interaction's original or follow-up, or a message
// a component was clicked on).
func (s *Server) startThread(call *Call, _ *http.Request) reply {
	body, _ := call.JSON.(map[string]any)
	ch, id := call.Params["channel_id"], call.Params["message_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	parent := s.channels[ch]
	if parent == nil {
		return discordError(http.StatusForbidden, 50001, "Missing Access")
	}
	if !s.knownMessageLocked(ch, id) {
		return discordError(http.StatusNotFound, 10008, "Unknown Message")
	}
	if t := s.channels[id]; t != nil {
		return discordError(http.StatusBadRequest, 160004, "A thread has already been created for this message")
	}
	archive := 4320
	if a, ok := body["auto_archive_duration"].(float64); ok {
		archive = int(a)
	}
	t := map[string]any{
		"id": id, "type": 11, "guild_id": parent["guild_id"], "parent_id": ch, "name": str(body["name"]),
		"owner_id": BotUserID, "last_message_id": nil, "rate_limit_per_user": 0, "flags": 0,
		"message_count": 0, "member_count": 1, "total_message_sent": 0,
		"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": archive, "locked": false,
			"archive_timestamp": time.Now().UTC().Format(time.RFC3339Nano), "create_timestamp": time.Now().UTC().Format(time.RFC3339Nano)},
	}
	s.channels[id] = t
	return jsonReply(http.StatusCreated, copyMessage(t))
}

// knownMessageLocked reports whether message id exists in channel ch. s.mu
// must be held.
func (s *Server) knownMessageLocked(ch, id string) bool {
	if m := s.findMessageLocked(id); m != nil {
		return str(m["channel_id"]) == ch
	}
	for _, st := range s.issued {
		if st.messageID == id {
			return st.channelID == ch
		}
	}
	return false
}

// Thread returns a thread the bot started, as Discord stores it.
func (s *Server) Thread(id string) (*discordgo.Channel, bool) {
	s.mu.Lock()
	t := s.channels[id]
	if t != nil {
		t = copyMessage(t)
	}
	s.mu.Unlock()
	if t == nil || t["parent_id"] == nil {
		return nil, false
	}
	var ch discordgo.Channel
	b, _ := json.Marshal(t)
	if err := json.Unmarshal(b, &ch); err != nil {
		s.fault(fmt.Errorf("decode stored thread: %w", err))
	}
	return &ch, true
}
