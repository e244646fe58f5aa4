package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// Command names.
const (
	cmdAsk      = "ask"
	cmdArticle  = "article"
	cmdSearch   = "search"
	cmdSources  = "sources"
	cmdReindex  = "reindex"
	cmdStats    = "stats"
	cmdForget   = "forget"
	cmdSettings = "settings"
)

// Commands returns the application commands the bot answers, as Register
// writes them. maxQuestionLen (default 500 when <= 0) becomes the
// max_length Discord's client enforces on questions; the bot checks again.
// /reindex and /stats are limited to Manage Server by default and to
// guilds; the bot also checks its own admin list.
func Commands(maxQuestionLen int) []*discordgo.ApplicationCommand {
	if maxQuestionLen <= 0 {
		maxQuestionLen = 500
	}
	everywhere := &[]discordgo.InteractionContextType{
		discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM,
	}
	guildOnly := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	manageServer := int64(discordgo.PermissionManageGuild)
	minOne := 1
	minDays := 1.0
	return []*discordgo.ApplicationCommand{
		{
			Name: cmdAsk, Type: discordgo.ChatApplicationCommand, Contexts: everywhere,
			Description: "Ask about the Liptako-Gourma Charter; the answer quotes and cites the sources",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true,
					Description: "Your question, e.g. What does Article 6 say?", MinLength: &minOne, MaxLength: maxQuestionLen},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private",
					Description: "Show the answer to you only"},
				{Type: discordgo.ApplicationCommandOptionString, Name: "language",
					Description: "The answer's language (default: the server's, else your question's)",
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "Français", Value: "fr"}, {Name: "English", Value: "en"},
					}},
			},
		},
		{
			Name: cmdArticle, Type: discordgo.ChatApplicationCommand, Contexts: everywhere,
			Description: "Show a charter article's text, straight from the sources",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "number", Required: true, Autocomplete: true,
					Description: "The article's number, e.g. 6, 1er or 12 bis", MinLength: &minOne, MaxLength: 20},
				{Type: discordgo.ApplicationCommandOptionString, Name: "language",
					Description: "Only this language's version",
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "Français", Value: "fr"}, {Name: "English", Value: "en"},
					}},
			},
		},
		{
			Name: cmdSearch, Type: discordgo.ChatApplicationCommand, Contexts: everywhere,
			Description: "Search the sources; shows the best passages to you only",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "query", Required: true,
					Description: "Words to look for", MinLength: &minOne, MaxLength: maxQuestionLen},
			},
		},
		{
			Name: cmdSources, Type: discordgo.ChatApplicationCommand, Contexts: everywhere,
			Description: "List the loaded sources: title, kind, language, passages, articles, when indexed",
		},
		{
			Name: cmdReindex, Type: discordgo.ChatApplicationCommand, Contexts: guildOnly,
			DefaultMemberPermissions: &manageServer,
			Description:              "Admins: reload the sources and rebuild the index while answering goes on",
		},
		{
			Name: cmdStats, Type: discordgo.ChatApplicationCommand, Contexts: guildOnly,
			DefaultMemberPermissions: &manageServer,
			Description:              "Admins: questions per day, answer modes, fallbacks, feedback and coverage gaps",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "days",
					Description: "Sum up the last N days, today included (default 7)", MinValue: &minDays, MaxValue: maxStatsDays},
			},
		},
		{
			Name: cmdForget, Type: discordgo.ChatApplicationCommand, Contexts: everywhere,
			Description: "Make the bot forget your questions in this thread (or everywhere)",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "everywhere",
					Description: "Forget your questions in every conversation, not only this thread"},
			},
		},
		{
			Name: cmdSettings, Type: discordgo.ChatApplicationCommand, Contexts: guildOnly,
			DefaultMemberPermissions: &manageServer,
			Description:              "Admins: where the bot answers mentions, private answers elsewhere, default language",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: settingChannels, MaxLength: 1000,
					Description: "Channels where mentions and replies are answered: #channel mentions, or everywhere"},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: settingPrivate,
					Description: "Make /ask answers private in the other channels"},
				{Type: discordgo.ApplicationCommandOptionString, Name: settingLanguage,
					Description: "The server's default answer language",
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "Français", Value: "fr"}, {Name: "English", Value: "en"},
						{Name: "The question's language", Value: "auto"},
					}},
			},
		},
	}
}

// Register replaces the application's commands with cmds (a bulk
// overwrite): in guildID when set, where they appear at once, otherwise
// globally. s needs the bot token.
func Register(ctx context.Context, s *discordgo.Session, appID, guildID string, cmds []*discordgo.ApplicationCommand) ([]*discordgo.ApplicationCommand, error) {
	if appID == "" {
		return nil, errors.New("register commands: no application ID (set DISCORD_APP_ID)")
	}
	out, err := s.ApplicationCommandBulkOverwrite(appID, guildID, cmds, discordgo.WithContext(ctx))
	if err != nil {
		where := "globally"
		if guildID != "" {
			where = "in guild " + guildID
		}
		return nil, fmt.Errorf("register commands %s: %w", where, err)
	}
	return out, nil
}
