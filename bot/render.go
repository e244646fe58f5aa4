package bot

import (
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// FooterText closes every answer.
const FooterText = "Quotes checked against the sources · not legal advice"

// The render functions turn what the bot shows into Messages, one file per
// thing shown: render_answer.go (answers, drafts, cited passages),
// render_article.go, render_search.go, render_sources.go (sources and
// reindex reports) and stats.go; limits.go keeps every message within
// Discord's limits. This file holds the Message itself and its buttons.

// Embed colours.
const (
	colorAnswer   = 0x2B6CB0
	colorUncov    = 0x718096
	colorRelated  = 0xB7791F
	colorDraft    = 0xA0AEC0
	colorArticle  = 0x2F855A
	colorSearch   = 0x4A5568
	colorProblem  = 0xC05621
	colorReindex  = 0x2C7A7B
	colorCommList = 0x4A5568
)

// Message is a rendered message: what a reply, an edit of @original, a
// follow-up and a channel message have in common. Build one with the render
// functions, which keep it within Discord's limits; turn it into a request
// body with Response, Edit, Followup or Send, which all set allowed mentions
// to none.
type Message struct {
	Content    string                       `json:"content,omitempty"`
	Embeds     []*discordgo.MessageEmbed    `json:"embeds,omitempty"`
	Components []discordgo.MessageComponent `json:"components,omitempty"`
	Ephemeral  bool                         `json:"ephemeral,omitempty"`
	// Files are uploaded with the message (multipart); an embed shows
	// one as image with the URL "attachment://" + its name.
	Files []*discordgo.File `json:"-"`
}

// noMentions is allowed mentions "none": an empty list, not a nil one, which
// would be sent as null and let Discord parse mentions.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func (m Message) flags() discordgo.MessageFlags {
	if m.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

func (m Message) embeds() []*discordgo.MessageEmbed {
	if m.Embeds == nil {
		return []*discordgo.MessageEmbed{}
	}
	return m.Embeds
}

func (m Message) components() []discordgo.MessageComponent {
	if m.Components == nil {
		return []discordgo.MessageComponent{}
	}
	return m.Components
}

// Response is m as an interaction response of type 4 (a message).
func (m Message) Response() *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content: m.Content, Embeds: m.embeds(), Components: m.components(),
			AllowedMentions: noMentions(), Flags: m.flags(),
		},
	}
}

// Edit is m as an edit of a message: content, embeds and components are all
// replaced, so a draft leaves nothing behind.
func (m Message) Edit() *discordgo.WebhookEdit {
	content, embeds, comps := m.Content, m.embeds(), m.components()
	e := &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
	if len(m.Files) > 0 {
		// An edit keeps the attachments its list names: the new files by
		// their part number.
		atts := make([]*discordgo.MessageAttachment, len(m.Files))
		for i, f := range m.Files {
			atts[i] = &discordgo.MessageAttachment{ID: strconv.Itoa(i), Filename: f.Name}
		}
		e.Files, e.Attachments = m.Files, &atts
	}
	return e
}

// Followup is m as a follow-up message of an interaction.
func (m Message) Followup() *discordgo.WebhookParams {
	return &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, Components: m.components(),
		AllowedMentions: noMentions(), Flags: m.flags()}
}

// Send is m as a channel message; ref, when set, makes it a reply that does
// not fail when the original is gone and does not ping its author.
func (m Message) Send(ref *discordgo.MessageReference) *discordgo.MessageSend {
	return &discordgo.MessageSend{Content: m.Content, Embeds: m.embeds(), Components: m.components(),
		AllowedMentions: noMentions(), Reference: ref, StickerIDs: []string{}}
}

// deferred is the "thinking..." response (type 5).
func deferred(ephemeral bool) *discordgo.InteractionResponse {
	var f discordgo.MessageFlags
	if ephemeral {
		f = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: f, Embeds: []*discordgo.MessageEmbed{},
			Components: []discordgo.MessageComponent{}, AllowedMentions: noMentions()},
	}
}

// notice is a short ephemeral message to one user.
func notice(text string) Message {
	return Message{Content: clip(text, maxContent), Ephemeral: true}
}

// ---- custom IDs ----

const customIDPrefix = "cb"

// customID joins the parts of a component's custom ID: "cb:action:key:arg".
func customID(parts ...string) string {
	return clipHard(customIDPrefix+":"+strings.Join(parts, ":"), maxCustomID)
}

// parseCustomID splits a custom ID made by customID; ok is false for
// anything else.
func parseCustomID(id string) (action, key, arg string, ok bool) {
	parts := strings.Split(id, ":")
	if len(parts) < 3 || len(parts) > 4 || parts[0] != customIDPrefix {
		return "", "", "", false
	}
	if len(parts) == 4 {
		arg = parts[3]
	}
	return parts[1], parts[2], arg, true
}

func button(label string, style discordgo.ButtonStyle, id, emoji string) discordgo.Button {
	b := discordgo.Button{Label: clip(label, maxButtonLabel), Style: style, CustomID: id}
	if emoji != "" {
		b.Emoji = &discordgo.ComponentEmoji{Name: emoji}
	}
	return b
}
