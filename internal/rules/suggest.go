package rules

import (
	"slices"
	"strings"
)

// sortStrings sorts in place; a named helper keeps call sites short.
func sortStrings(s []string) { slices.Sort(s) }

// suggest returns the candidate closest to word by edit distance (case
// folded), or "" when none is close enough to be a plausible typo: at most
// one edit for short words, a third of the length for longer ones. Ties go
// to the alphabetically first candidate so messages are deterministic.
func suggest(word string, candidates []string) string {
	w := []rune(strings.ToLower(word))
	limit := max(1, len(w)/3)
	best, bestDist := "", limit+1
	sorted := slices.Clone(candidates)
	slices.Sort(sorted)
	for _, c := range sorted {
		d := editDistance(w, []rune(strings.ToLower(c)))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance with adjacent transpositions
// counted as one edit (optimal string alignment), since swapped letters are
// the commonest typo.
func editDistance(a, b []rune) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30 // not a typo of a field name; skip the quadratic work
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// didYouMean formats a suggestion suffix for an error message.
func didYouMean(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return ` (did you mean "` + s + `"?)`
	}
	return ""
}
