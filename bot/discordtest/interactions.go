package discordtest

// The interaction routes: the callback that answers an interaction, and
// the webhook routes that read, edit and delete its original response and
// its follow-ups.

import (
	"net/http"
	"time"
)

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
		return unknownMessage()
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
		return unknownMessage()
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
		return unknownMessage()
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
		return unknownMessage()
	}
	return editMessage(m, body)
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
		return unknownMessage()
	}
	return reply{status: http.StatusNoContent}
}
