package statsreport

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"charterbot/store"
)

func sampleStats(days int) store.Stats {
	st := store.Stats{Since: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Modes: map[string]int{"extractive": 10}}
	for d := range days {
		dc := store.DayCount{Day: st.Since.AddDate(0, 0, d).Format(time.DateOnly), Questions: d % 7, Grounded: d % 3, Related: d % 2}
		dc.Questions = max(dc.Questions, dc.Grounded+dc.Related)
		st.PerDay = append(st.PerDay, dc)
		st.Questions += dc.Questions
	}
	for n := range 12 {
		st.Gaps = append(st.Gaps, store.Gap{Question: fmt.Sprintf("what about topic %d and a rather long tail of words that goes on", n), Count: 12 - n})
	}
	return st
}

// checkPNG decodes a chart and checks its size and that it is not blank:
// a good share of pixels are not the white background, in several colours.
func checkPNG(t *testing.T, b []byte, minInkPercent int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got != (image.Point{Width, Height}) {
		t.Errorf("chart is %v pixels; want %dx%d", got, Width, Height)
	}
	colours := map[color.RGBA]int{}
	inked := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 2 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 0xFF}
			colours[c]++
			if c != (color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}) {
				inked++
			}
		}
	}
	total := (img.Bounds().Dx() / 2) * (img.Bounds().Dy() / 2)
	if inked*100 < total*minInkPercent || inked == 0 || len(colours) < 4 {
		t.Errorf("chart looks blank: %d of %d sampled pixels inked, %d colours", inked, total, len(colours))
	}
	if len(b) > 10<<20 {
		t.Errorf("chart is %d bytes; Discord takes 10 MiB", len(b))
	}
	return img
}

func TestChart(t *testing.T) {
	for _, tc := range []struct {
		name string
		st   store.Stats
		days int
		ink  int // least share of pixels inked, in percent
	}{
		{"a week", sampleStats(7), 7, 3},
		{"ninety days and twelve gaps", sampleStats(90), 90, 3},
		{"no questions", store.Stats{PerDay: []store.DayCount{{Day: "2026-03-01"}}}, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Chart(tc.st, tc.days)
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, b, tc.ink)
			t.Logf("%d bytes", len(b))
			if os.Getenv("CHART_OUT") != "" {
				os.WriteFile(os.Getenv("CHART_OUT")+strings.ReplaceAll(tc.name, " ", "_")+".png", b, 0o644)
			}
		})
	}
}

func TestWriteText(t *testing.T) {
	var b strings.Builder
	WriteText(&b, sampleStats(7), 7)
	for _, want := range []string{"Questions over the last 7 days (since 2026-03-01 UTC): 22", "  2026-03-03     2  2/0/0", "what about topic 0"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
}

func ExampleJoinCounts() {
	fmt.Println(JoinCounts(map[string]int{"llm": 2, "extractive": 5, "": 1}))
	// Output: extractive 5, llm 2, (none) 1
}
