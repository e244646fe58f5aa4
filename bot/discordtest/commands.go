package discordtest

// The application command routes: bulk overwrite, list, create, delete.

import "net/http"

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
