// Package suggest finds the word a user probably meant: the nearest of a
// few known names to a mistyped one ("aks" -> "ask", "--josn" -> "--json",
// "kidn" -> "kind").
package suggest

import "strings"

// Nearest returns the name in names closest to s by edit distance
// (insertions, deletions, substitutions and swaps of neighbours, ignoring
// case), or "" when none is close enough to be a likely typo: at most one
// edit for names of up to four letters, two for longer ones, and fewer
// than half of s's length. Ties go to the earlier name.
func Nearest(s string, names []string) string {
	best, bestD := "", -1
	for _, n := range names {
		d := distance(strings.ToLower(s), strings.ToLower(n))
		limit := 2
		if len(n) <= 4 {
			limit = 1
		}
		if d > limit || 2*d >= len(s) {
			continue
		}
		if bestD < 0 || d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b, in
// runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
