package clv

import (
	"fmt"
	"math"
	"strconv"

	"strata/internal/model"
)

// rfmGroups is a data set of (x, t_x, T) rows reduced to its distinct rows
// with weights, plus the distinct values of x, t_x and T those rows use. The
// likelihoods and the scorers do per-value work (lgamma, logs, ₂F₁) once per
// distinct value and per-row work once per distinct row, so a million
// customers with day units cost what a few hundred thousand rows cost.
type rfmGroups struct {
	// Distinct rows.
	x, tx, T, w  []float64
	xi, txi, ti  []int32 // per distinct row: index into xs, txs, ts
	xs, txs, ts  []float64
	xw           []float64 // total weight per distinct x
	rowOf        []int32   // input row → distinct row
	n            float64   // total weight (customers)
	sumX, sumT   float64   // weighted totals, for starting values
	xtPairs      []int32   // per distinct row: index into pairX/pairT
	pairX, pairT []int32   // distinct (x, T) pairs as value indexes
	pairXTx      []int32   // per distinct row: index into pxX/pxTx
	pxX, pxTx    []int32   // distinct (x, t_x) pairs as value indexes
	maxTime      float64
}

// key normalises −0 to +0 so that equal values share a key.
func key(v float64) uint64 { return math.Float64bits(v + 0) }

// valueIndex numbers the distinct values of a column in order of first
// appearance. Columns repeat values in runs and take few distinct values
// (days, weeks), so a one-entry cache in front of a small map is cheap.
type valueIndex struct {
	ids     map[uint64]int32
	vals    []float64
	lastKey uint64
	lastID  int32
}

func newValueIndex() *valueIndex { return &valueIndex{ids: map[uint64]int32{}, lastID: -1} }

func (v *valueIndex) id(x float64) int32 {
	k := key(x)
	if v.lastID >= 0 && k == v.lastKey {
		return v.lastID
	}
	id, ok := v.ids[k]
	if !ok {
		id = int32(len(v.vals))
		v.ids[k] = id
		v.vals = append(v.vals, x)
	}
	v.lastKey, v.lastID = k, id
	return id
}

// validateRFM checks the invariants every BTYD likelihood assumes.
func validateRFM(x, tx, T []float64) error {
	if len(x) == 0 {
		return model.Invalid("x", "", "no customers: the data set is empty")
	}
	if len(tx) != len(x) || len(T) != len(x) {
		return model.Invalid("t_x", fmt.Sprintf("%d/%d/%d", len(x), len(tx), len(T)), "x, t_x and T must have the same length")
	}
	for i := range x {
		xi, txi, ti := x[i], tx[i], T[i]
		switch {
		case !finite(xi) || xi < 0 || xi != math.Floor(xi):
			return model.Invalid(fmt.Sprintf("x[%d]", i), ftoa(xi), "must be a non-negative whole number of repeat purchases")
		case !finite(ti) || ti < 0:
			return model.Invalid(fmt.Sprintf("T[%d]", i), ftoa(ti), "must be a finite non-negative age")
		case !finite(txi) || txi < 0 || txi > ti:
			return model.Invalid(fmt.Sprintf("t_x[%d]", i), ftoa(txi), "must lie in [0, T] (T = "+ftoa(ti)+")")
		case xi == 0 && txi != 0:
			return model.Invalid(fmt.Sprintf("t_x[%d]", i), ftoa(txi), "must be 0 when x is 0")
		}
	}
	return nil
}

// groupRFM groups validated rows. Each column is first mapped to small
// value ids; a row is then the integer (x id, t_x id, T id), packed into one
// uint64 map key, which hashes far faster than three floats.
func groupRFM(x, tx, T []float64) *rfmGroups {
	n := len(x)
	g := &rfmGroups{rowOf: make([]int32, n)}
	xv, txv, tv := newValueIndex(), newValueIndex(), newValueIndex()
	ids := make([]int32, 3*n)
	for i := range n {
		ids[3*i], ids[3*i+1], ids[3*i+2] = xv.id(x[i]), txv.id(tx[i]), tv.id(T[i])
	}
	g.xs, g.txs, g.ts = xv.vals, txv.vals, tv.vals
	ntx, nt := uint64(len(g.txs)), uint64(len(g.ts))
	rows := make(map[uint64]int32, min(n, 1<<16))
	for i := range n {
		xi, txi, ti := ids[3*i], ids[3*i+1], ids[3*i+2]
		k := (uint64(xi)*ntx+uint64(txi))*nt + uint64(ti)
		r, ok := rows[k]
		if !ok {
			r = int32(len(g.x))
			rows[k] = r
			g.x, g.tx, g.T, g.w = append(g.x, x[i]), append(g.tx, tx[i]), append(g.T, T[i]), append(g.w, 0)
			g.xi, g.txi, g.ti = append(g.xi, xi), append(g.txi, txi), append(g.ti, ti)
		}
		g.w[r]++
		g.rowOf[i] = r
	}
	g.xw = make([]float64, len(g.xs))
	for r := range g.x {
		g.xw[g.xi[r]] += g.w[r]
		g.n += g.w[r]
		g.sumX += g.w[r] * g.x[r]
		g.sumT += g.w[r] * g.T[r]
		g.maxTime = max(g.maxTime, g.T[r])
	}
	return g
}

// buildPairs indexes the distinct (x, T) and (x, t_x) pairs, the arguments
// of the ₂F₁ terms, so each is evaluated once per parameter vector.
func (g *rfmGroups) buildPairs() {
	if g.xtPairs != nil {
		return
	}
	xt := map[[2]int32]int32{}
	xtx := map[[2]int32]int32{}
	g.xtPairs = make([]int32, len(g.x))
	g.pairXTx = make([]int32, len(g.x))
	for r := range g.x {
		k := [2]int32{g.xi[r], g.ti[r]}
		p, ok := xt[k]
		if !ok {
			p = int32(len(g.pairX))
			xt[k] = p
			g.pairX, g.pairT = append(g.pairX, k[0]), append(g.pairT, k[1])
		}
		g.xtPairs[r] = p
		k = [2]int32{g.xi[r], g.txi[r]}
		p, ok = xtx[k]
		if !ok {
			p = int32(len(g.pxX))
			xtx[k] = p
			g.pxX, g.pxTx = append(g.pxX, k[0]), append(g.pxTx, k[1])
		}
		g.pairXTx[r] = p
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
