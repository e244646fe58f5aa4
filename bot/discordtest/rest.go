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

// editMessage applies an edit body to a stored message, as Discord's
// PATCH does, stamps it edited and returns it.
func editMessage(m, body map[string]any) reply {
	mergeMessage(m, body)
	m["edited_timestamp"] = time.Now().UTC().Format(time.RFC3339Nano)
	return jsonReply(http.StatusOK, copyMessage(m))
}

// unknownMessage is Discord's reply for a message it does not have.
func unknownMessage() reply { return discordError(http.StatusNotFound, 10008, "Unknown Message") }

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
		return unknownMessage()
	}
	return editMessage(m, body)
}

func (s *Server) deleteChannelMessage(call *Call, _ *http.Request) reply {
	ch := call.Params["channel_id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	i, m := s.channelMessage(ch, call.Params["message_id"])
	if m == nil {
		return unknownMessage()
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
