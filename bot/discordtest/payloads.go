package discordtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Defaults for Actor's zero fields.
const (
	DefaultUserID    = "3000000000000000001"
	DefaultUsername  = "alice"
	DefaultGuildID   = "4000000000000000001"
	DefaultChannelID = "5000000000000000001"
	// DefaultPermissions is an ordinary member's: view channel, send
	// messages, read history, use application commands.
	DefaultPermissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
		discordgo.PermissionReadMessageHistory | discordgo.PermissionUseApplicationCommands
)

// Actor says who triggers an event and where. Zero fields take the
// Default values above.
type Actor struct {
	UserID, Username   string
	GuildID, ChannelID string
	// DM puts the event in the user's direct-message channel with the
	// bot: no guild, no member, a user object instead.
	DM bool
	// Permissions are the member's permissions in the guild (0 means
	// DefaultPermissions). Use discordgo.PermissionManageGuild for an admin.
	Permissions int64
	Locale      string // default "en-US"
	// Thread says ChannelID is a public thread (in DefaultChannelID):
	// interactions then carry a channel of type 11.
	Thread bool
}

func (a Actor) withDefaults() Actor {
	if a.UserID == "" {
		a.UserID = DefaultUserID
	}
	if a.Username == "" {
		a.Username = DefaultUsername
	}
	if a.GuildID == "" {
		a.GuildID = DefaultGuildID
	}
	if a.ChannelID == "" {
		a.ChannelID = DefaultChannelID
	}
	if a.DM {
		a.GuildID = ""
		a.ChannelID = dmChannelID(a.UserID)
	}
	if a.Permissions == 0 {
		a.Permissions = DefaultPermissions
	}
	if a.Locale == "" {
		a.Locale = "en-US"
	}
	return a
}

func (a Actor) user() map[string]any {
	return map[string]any{
		"id": a.UserID, "username": a.Username, "discriminator": "0", "global_name": a.Username,
		"avatar": nil, "public_flags": 0,
	}
}

func (a Actor) member() map[string]any {
	return map[string]any{
		"user": a.user(), "roles": []any{}, "permissions": strconv.FormatInt(a.Permissions, 10),
		"joined_at": "2023-09-16T12:00:00.000000+00:00", "deaf": false, "mute": false,
		"flags": 0, "nick": nil, "pending": false,
	}
}

// Interaction is an interaction object as Discord sends it, in gateway
// INTERACTION_CREATE events and in HTTP-interactions POSTs. Tests may
// change fields before dispatching it. It marshals to the object itself.
type Interaction map[string]any

// ID returns the interaction's id.
func (i Interaction) ID() string { return str(i["id"]) }

// Token returns the interaction's token, the key to its webhook routes
// and to Server.Original.
func (i Interaction) Token() string { return str(i["token"]) }

// newInteraction builds the common part of an interaction and registers
// it, so that the fake can check the bot's responses to it.
func (s *Server) newInteraction(typ int, data map[string]any, from Actor) Interaction {
	a := from.withDefaults()
	id := s.newID()
	token := "interaction-token-" + id
	i := Interaction{
		"id": id, "application_id": AppID, "type": typ, "token": token, "version": 1,
		"channel_id": a.ChannelID, "locale": a.Locale, "entitlements": []any{},
		"app_permissions": strconv.FormatInt(discordgo.PermissionViewChannel|discordgo.PermissionSendMessages|discordgo.PermissionEmbedLinks, 10),
	}
	if data != nil {
		i["data"] = data
	}
	if a.DM {
		i["user"] = a.user()
		i["channel"] = map[string]any{"id": a.ChannelID, "type": 1}
		i["context"] = 1 // BOT_DM
		i["authorizing_integration_owners"] = map[string]any{"1": a.UserID}
	} else {
		i["guild_id"] = a.GuildID
		i["member"] = a.member()
		i["channel"] = map[string]any{"id": a.ChannelID, "type": 0, "guild_id": a.GuildID}
		if a.Thread {
			i["channel"] = map[string]any{"id": a.ChannelID, "type": 11, "guild_id": a.GuildID, "parent_id": DefaultChannelID}
		}
		i["guild_locale"] = "fr"
		i["context"] = 0 // GUILD
		i["authorizing_integration_owners"] = map[string]any{"0": a.GuildID}
	}
	s.mu.Lock()
	s.issued[id] = &issuedInteraction{token: token, channelID: a.ChannelID, at: time.Now()}
	s.mu.Unlock()
	return i
}

// commandID returns the id under which a command name is registered, in
// the guild or globally, or a fresh id.
func (s *Server) commandID(name, guildID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, scope := range []string{guildID, ""} {
		for _, c := range s.commands[scope] {
			if c["name"] == name {
				return str(c["id"])
			}
		}
	}
	return s.newID()
}

// commandOptions turns Go values into interaction options, sorted by name
// for stable payloads: string -> STRING (3), int and int64 -> INTEGER (4),
// bool -> BOOLEAN (5), float64 -> NUMBER (10). Other values become
// STRING options holding fmt.Sprint(value).
func commandOptions(opts map[string]any, focused string) []any {
	names := make([]string, 0, len(opts))
	for n := range opts {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]any, 0, len(names))
	for _, n := range names {
		v := opts[n]
		var typ int
		switch x := v.(type) {
		case string:
			typ = 3
		case int, int64:
			typ = 4
		case bool:
			typ = 5
		case float64:
			typ = 10
		default:
			typ, v = 3, fmt.Sprint(x)
		}
		o := map[string]any{"name": n, "type": typ, "value": v}
		if n == focused {
			// The focused option carries the user's partial input as typed.
			o["focused"] = true
			o["value"] = fmt.Sprint(v)
		}
		out = append(out, o)
	}
	return out
}

// SlashCommand builds an APPLICATION_COMMAND interaction (type 2) for the
// chat-input command name with the given options (see commandOptions for
// how Go values map to option types). The command id is the registered
// one when the bot has registered name with the fake.
func (s *Server) SlashCommand(name string, options map[string]any, from Actor) Interaction {
	a := from.withDefaults()
	data := map[string]any{"id": s.commandID(name, a.GuildID), "name": name, "type": 1}
	if len(options) > 0 {
		data["options"] = commandOptions(options, "")
	}
	if !a.DM {
		data["guild_id"] = a.GuildID
	}
	return s.newInteraction(2, data, from)
}

// Autocomplete builds an APPLICATION_COMMAND_AUTOCOMPLETE interaction
// (type 4) for command while the user types into the option focused; its
// value in options is the partial input.
func (s *Server) Autocomplete(command string, options map[string]any, focused string, from Actor) Interaction {
	a := from.withDefaults()
	data := map[string]any{"id": s.commandID(command, a.GuildID), "name": command, "type": 1,
		"options": commandOptions(options, focused)}
	return s.newInteraction(4, data, from)
}

// Component builds a MESSAGE_COMPONENT interaction (type 3): a click on
// the button customID on a message the bot sent earlier.
func (s *Server) Component(customID string, from Actor) Interaction {
	a := from.withDefaults()
	msg := s.newMessage(a.ChannelID, 0, false, map[string]any{"content": "(message with a button)"})
	return s.componentOn(customID, msg, from)
}

// ComponentOn is Component on a message the bot posted (an interaction's
// original, a follow-up or a channel message, as returned by Original,
// Followups or ChannelMessages): the interaction carries that message.
func (s *Server) ComponentOn(customID string, on *discordgo.Message, from Actor) Interaction {
	from.ChannelID = on.ChannelID
	return s.componentOn(customID, s.messageMap(on), from)
}

// messageMap returns the stored form of a message the bot posted, with
// its components (discordgo does not marshal a Message's components), or
// m's own JSON form for a message the fake does not hold.
func (s *Server) messageMap(m *discordgo.Message) map[string]any {
	s.mu.Lock()
	stored := s.findMessageLocked(m.ID)
	s.mu.Unlock()
	if stored != nil {
		return stored
	}
	b, _ := json.Marshal(m)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		s.fault(fmt.Errorf("encode message %s: %w", m.ID, err))
	}
	return out
}

// findMessageLocked returns a copy of a stored message by id, or nil. s.mu
// must be held.
func (s *Server) findMessageLocked(id string) map[string]any {
	for _, ms := range s.channelMsgs {
		for _, m := range ms {
			if m["id"] == id {
				return copyMessage(m)
			}
		}
	}
	for _, m := range s.originals {
		if m["id"] == id {
			return copyMessage(m)
		}
	}
	for _, ms := range s.followups {
		if m := ms[id]; m != nil {
			return copyMessage(m)
		}
	}
	return nil
}

func (s *Server) componentOn(customID string, msg map[string]any, from Actor) Interaction {
	i := s.newInteraction(3, map[string]any{"custom_id": customID, "component_type": 2}, from)
	i["message"] = msg
	s.mu.Lock()
	s.issued[i.ID()].messageID = str(msg["id"])
	s.mu.Unlock()
	return i
}

// Ping builds the PING interaction (type 1) Discord sends to check an
// HTTP-interactions endpoint.
func (s *Server) Ping() Interaction {
	id := s.newID()
	return Interaction{"id": id, "application_id": AppID, "type": 1, "token": "interaction-token-" + id, "version": 1}
}

// MentionMessage builds a MESSAGE_CREATE payload in which the user
// mentions the bot: the content is "<@bot id> " + text.
func (s *Server) MentionMessage(text string, from Actor) map[string]any {
	m := s.userMessage("<@"+BotUserID+"> "+text, from)
	m["mentions"] = []any{botUser()}
	return m
}

// ReplyMessage builds a MESSAGE_CREATE payload in which the user replies
// to the bot's message to (as returned by ChannelMessages): it carries
// message_reference and referenced_message, and mentions the bot as a
// reply does by default unless noPing.
func (s *Server) ReplyMessage(text string, to *discordgo.Message, noPing bool, from Actor) map[string]any {
	from.ChannelID = to.ChannelID
	m := s.userMessage(text, from)
	ref := s.messageMap(to)
	m["type"] = 19 // REPLY
	m["message_reference"] = map[string]any{"type": 0, "message_id": to.ID, "channel_id": to.ChannelID, "guild_id": m["guild_id"]}
	m["referenced_message"] = ref
	if !noPing {
		m["mentions"] = []any{botUser()}
	}
	return m
}

// DirectMessage builds a MESSAGE_CREATE payload for a direct message from
// the user to the bot (from.DM is forced).
func (s *Server) DirectMessage(text string, from Actor) map[string]any {
	from.DM = true
	return s.userMessage(text, from)
}

func (s *Server) userMessage(content string, from Actor) map[string]any {
	a := from.withDefaults()
	m := map[string]any{
		"id": s.newID(), "channel_id": a.ChannelID, "author": a.user(), "content": content,
		"timestamp": time.Now().UTC().Format(time.RFC3339Nano), "edited_timestamp": nil,
		"tts": false, "mention_everyone": false, "mentions": []any{}, "mention_roles": []any{},
		"attachments": []any{}, "embeds": []any{}, "components": []any{}, "pinned": false,
		"type": 0, "flags": 0,
	}
	if !a.DM {
		m["guild_id"] = a.GuildID
		mem := a.member()
		delete(mem, "user") // MESSAGE_CREATE's member has no user; author has it
		m["member"] = mem
	}
	return m
}
