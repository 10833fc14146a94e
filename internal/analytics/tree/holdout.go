package tree

import (
	"math"
	"math/rand/v2"
	"slices"
)

// splitHoldout returns training and holdout row indices, each ascending.
// The split is stratified: each class contributes round(frac × its rows)
// to the holdout, so a rare class is not left out of either side by chance.
func splitHoldout(labels []int, k int, frac float64, seed uint64) (train, hold []int) {
	if frac <= 0 {
		train = make([]int, len(labels))
		for i := range train {
			train[i] = i
		}
		return train, nil
	}
	byClass := make([][]int, k)
	for i, l := range labels {
		byClass[l] = append(byClass[l], i)
	}
	r := rand.New(rand.NewPCG(seed, 0x70ee))
	for _, rows := range byClass {
		r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		h := int(math.Round(frac * float64(len(rows))))
		hold = append(hold, rows[:h]...)
		train = append(train, rows[h:]...)
	}
	slices.Sort(train)
	slices.Sort(hold)
	return train, hold
}
