package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The channel routes: GET /channels/{id} for the channels the bot can
// see, and starting a thread from a message.

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
		return unknownMessage()
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
