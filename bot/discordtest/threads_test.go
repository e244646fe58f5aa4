package discordtest

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestThreadsAndChannels(t *testing.T) {
	srv := New(t)
	s := srv.Session(t, "test-token")
	m, err := s.ChannelMessageSendComplex(DefaultChannelID, &discordgo.MessageSend{Content: "answer", AllowedMentions: noMentions})
	if err != nil {
		t.Fatal(err)
	}
	th, err := s.MessageThreadStartComplex(DefaultChannelID, m.ID, &discordgo.ThreadStart{Name: "follow-up", AutoArchiveDuration: 1440})
	if err != nil {
		t.Fatalf("start thread: %v", err)
	}
	if th.ID != m.ID || th.ParentID != DefaultChannelID || th.Type != discordgo.ChannelTypeGuildPublicThread || th.Name != "follow-up" {
		t.Errorf("thread %+v; want the message's id, in its channel, public, named", th)
	}
	if got, ok := srv.Thread(m.ID); !ok || got.Name != "follow-up" {
		t.Errorf("Thread(%s) = %+v, %v", m.ID, got, ok)
	}
	var rerr *discordgo.RESTError
	_, err = s.MessageThreadStartComplex(DefaultChannelID, m.ID, &discordgo.ThreadStart{Name: "again"})
	if !errors.As(err, &rerr) || rerr.Message == nil || rerr.Message.Code != discordgo.ErrCodeThreadAlreadyCreatedForThisMessage {
		t.Errorf("second thread on a message: %v; want code 160004", err)
	}
	if _, err := s.MessageThreadStartComplex(DefaultChannelID, "1399999999999999999", &discordgo.ThreadStart{Name: "x"}); !errors.As(err, &rerr) || rerr.Response.StatusCode != http.StatusNotFound {
		t.Errorf("thread on an unknown message: %v; want 404", err)
	}

	// Channels: the default one and those added are visible, others 403.
	if ch, err := s.Channel(DefaultChannelID); err != nil || ch.GuildID != DefaultGuildID {
		t.Errorf("Channel(default) = %+v, %v", ch, err)
	}
	srv.AddChannel("5000000000000000009", "4000000000000000009")
	if ch, err := s.Channel("5000000000000000009"); err != nil || ch.GuildID != "4000000000000000009" {
		t.Errorf("Channel(added) = %+v, %v", ch, err)
	}
	if _, err := s.Channel("5000000000000000010"); !errors.As(err, &rerr) || rerr.Response.StatusCode != http.StatusForbidden {
		t.Errorf("Channel(hidden) = %v; want 403", err)
	}

	// A reply carries the referenced message with its components.
	withButton, err := s.ChannelMessageSendComplex(DefaultChannelID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "b", Style: discordgo.SecondaryButton, CustomID: "cb:x:y"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	r := srv.ReplyMessage("and?", withButton, true, Actor{})
	ref, _ := r["referenced_message"].(map[string]any)
	if comps, _ := ref["components"].([]any); len(comps) != 1 || r["message_reference"] == nil || len(r["mentions"].([]any)) != 0 {
		t.Errorf("reply payload %v; want the referenced message with its row, no ping", r)
	}
}

func TestUploadedFiles(t *testing.T) {
	srv := New(t, AllowViolations())
	s := srv.Session(t, "test-token")
	i := srv.SlashCommand("stats", nil, Actor{})
	in := &discordgo.Interaction{ID: i.ID(), AppID: AppID, Token: i.Token()}
	if err := s.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	content := "chart"
	edit := &discordgo.WebhookEdit{Content: &content, AllowedMentions: noMentions,
		Files:       []*discordgo.File{{Name: "a.png", ContentType: "image/png", Reader: bytes.NewReader([]byte("png"))}},
		Attachments: &[]*discordgo.MessageAttachment{{ID: "0", Filename: "a.png"}}}
	if _, err := s.InteractionResponseEdit(in, edit); err != nil {
		t.Fatalf("edit with a file: %v", err)
	}
	calls := srv.Calls()
	c := calls[len(calls)-1]
	if len(c.Files) != 1 || c.Files[0].Field != "files[0]" || string(c.Files[0].Data) != "png" || len(c.Violations) != 0 {
		t.Errorf("call files %+v, violations %v", c.Files, c.Violations)
	}
	// An attachment that names no part, and a file over the limit.
	edit.Attachments = &[]*discordgo.MessageAttachment{{ID: "1", Filename: "b.png"}}
	edit.Files[0].Reader = bytes.NewReader(bytes.Repeat([]byte("x"), MaxFileSize+1))
	if _, err := s.InteractionResponseEdit(in, edit); err == nil {
		t.Errorf("bad upload accepted")
	}
	var msgs []string
	for _, v := range srv.Violations() {
		msgs = append(msgs, v.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"attachment id 1 names no files[1] part", "the upload limit is"} {
		if !strings.Contains(all, want) {
			t.Errorf("violations lack %q:\n%s", want, all)
		}
	}
}
