package statsreport

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"charterbot/store"
)

// Chart size in pixels: small enough for any chat client, far within
// Discord's upload limit (a chart is some tens of kilobytes).
const (
	Width  = 1000
	Height = 700
	dpi    = 96
	// maxTopics is how many uncovered topics the chart shows.
	maxTopics = 8
)

// Tier colours, as the bot's embeds use them.
var (
	colorAnswered   = color.RGBA{0x2B, 0x6C, 0xB0, 0xFF}
	colorRelated    = color.RGBA{0xB7, 0x79, 0x1F, 0xFF}
	colorNotCovered = color.RGBA{0x71, 0x80, 0x96, 0xFF}
)

// Chart draws st as a PNG of Width x Height pixels: the questions per day
// over the period, stacked by answer tier, and below them the most asked
// questions the sources did not cover.
func Chart(st store.Stats, days int) ([]byte, error) {
	perDay, err := dayPlot(st, days)
	if err != nil {
		return nil, err
	}
	plots := [][]*plot.Plot{{perDay}}
	if len(st.Gaps) > 0 {
		gaps, err := gapPlot(st.Gaps)
		if err != nil {
			return nil, err
		}
		plots = append(plots, []*plot.Plot{gaps})
	}
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(Width)*vg.Inch/dpi, vg.Length(Height)*vg.Inch/dpi), vgimg.UseDPI(dpi))
	dc := draw.New(img)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	tiles := draw.Tiles{Rows: len(plots), Cols: 1, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 4}
	canvases := plot.Align(plots, tiles, dc)
	for i, row := range plots {
		row[0].Draw(canvases[i][0])
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("stats chart: encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

func dayPlot(st store.Stats, days int) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Questions per day over the last %d days (%d in all)", days, st.Questions)
	p.Y.Label.Text = "questions"
	p.Y.Min = 0
	n := max(len(st.PerDay), 1)
	answered, related, uncovered := make(plotter.Values, n), make(plotter.Values, n), make(plotter.Values, n)
	labels := make([]string, n)
	peak := 1.0
	// At most about 15 day labels, so that they do not overlap.
	every := max((len(st.PerDay)+14)/15, 1)
	for i, d := range st.PerDay {
		answered[i], related[i], uncovered[i] = float64(d.Grounded), float64(d.Related), float64(NotCovered(d))
		peak = max(peak, float64(d.Questions))
		if i%every == 0 || i == len(st.PerDay)-1 {
			labels[i] = d.Day[min(5, len(d.Day)):] // "09-16" of "2023-09-16"
		}
	}
	p.Y.Max = peak * 1.35 // room for the legend
	width := vg.Length(Width) * vg.Inch / dpi * 0.8 / vg.Length(n) * 0.7
	var prev *plotter.BarChart
	for _, s := range []struct {
		vals  plotter.Values
		col   color.Color
		label string
	}{{answered, colorAnswered, "answered"}, {related, colorRelated, "closest provisions"}, {uncovered, colorNotCovered, "not found in the sources"}} {
		b, err := plotter.NewBarChart(s.vals, width)
		if err != nil {
			return nil, fmt.Errorf("stats chart: bars: %w", err)
		}
		b.Color, b.LineStyle.Width = s.col, 0
		if prev != nil {
			b.StackOn(prev)
		}
		p.Add(b)
		p.Legend.Add(s.label, b)
		prev = b
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.NominalX(labels...)
	return p, nil
}

func gapPlot(gaps []store.Gap) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Top questions the sources could not answer"
	p.X.Label.Text = "times asked"
	p.X.Min = 0
	gaps = gaps[:min(len(gaps), maxTopics)]
	// Most asked at the top: the y axis counts upwards.
	vals := make(plotter.Values, len(gaps))
	labels := make([]string, len(gaps))
	peak := 1.0
	for i, g := range gaps {
		j := len(gaps) - 1 - i
		vals[j], labels[j] = float64(g.Count), Clip(oneLine(g.Question), 45)
		peak = max(peak, float64(g.Count))
	}
	p.X.Max = peak * 1.1
	b, err := plotter.NewBarChart(vals, vg.Points(14))
	if err != nil {
		return nil, fmt.Errorf("stats chart: topics: %w", err)
	}
	b.Horizontal, b.Color, b.LineStyle.Width = true, colorNotCovered, 0
	p.Add(b)
	p.NominalY(labels...)
	return p, nil
}
