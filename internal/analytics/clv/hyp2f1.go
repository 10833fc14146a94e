package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and
// 0 ≤ z < 1, evaluated in log form so that the huge values met with large
// purchase counts (₂F₁ grows like (1−z)^(c−a−b)) neither overflow nor lose
// their scale. Both models need it in that range: BG/NBD in the conditional
// expectation, Pareto/NBD in its likelihood.
//
// Strategy (Abramowitz & Stegun 15.3.3 and 15.3.6):
//   - z close to 1 with moderate parameters and c−a−b away from an integer:
//     the 1−z connection formula, whose series converge fast there.
//   - otherwise the power series, either directly or after Euler's
//     transformation F = (1−z)^(c−a−b) F(c−a, c−b; c; z). Euler's form is
//     preferred when c−a−b < 0: its terms decay like n^(a+b−c−1) instead of
//     growing first, and for the BTYD arguments its parameters no longer grow
//     with the purchase count. A form whose terms change sign often (negative
//     parameters) cancels digits away, so the other form is taken then.
//   - when the series would need more than a few million terms (z within
//     ~1e-5 of 1), the connection formula after all, or for c−a−b an
//     integer (to 1e-9) its logarithmic form (A&S 15.3.10–15.3.12).

// hypZNearOne is where the 1−z connection formula takes over from the series.
const hypZNearOne = 0.9

// maxSeriesTerms bounds a power series: enough for z up to about 1 − 1e-5.
const maxSeriesTerms = 4_000_000

// log2F1 returns ln|₂F₁(a, b; c; z)| and the sign of ₂F₁ for 0 ≤ z < 1. It
// returns NaN outside that range, for non-finite arguments, for c a
// non-positive integer, or when no method converges.
func log2F1(a, b, c, z float64) (lnF, sign float64) {
	switch {
	case math.IsNaN(a) || math.IsNaN(b) || math.IsNaN(c) || math.IsNaN(z),
		math.IsInf(a, 0) || math.IsInf(b, 0) || math.IsInf(c, 0),
		z < 0, z >= 1, isNonPosInt(c):
		return math.NaN(), math.NaN()
	case z == 0 || a == 0 || b == 0:
		return 0, 1
	}
	m := c - a - b
	moderate := math.Abs(a) <= 40 && math.Abs(b) <= 40 && math.Abs(c) <= 40
	if z > hypZNearOne && moderate && math.Abs(m-math.Round(m)) > 0.02 {
		return hyp2f1NearOne(a, b, c, z)
	}
	direct, euler := signFlips(a, b, c), signFlips(c-a, c-b, c)
	var ok bool
	if (m < 0 && euler <= direct) || euler < min(direct, 2) {
		lnF, sign, ok = series2F1(c-a, c-b, c, z)
		lnF += m * math.Log1p(-z)
	} else {
		lnF, sign, ok = series2F1(a, b, c, z)
	}
	if ok {
		return lnF, sign
	}
	// The connection formula loses about ln(1/δ) digits for c−a−b = m+δ
	// near an integer m; below δ = 1e-9 its integer-m form takes over.
	if math.Abs(m-math.Round(m)) > 1e-9 {
		return hyp2f1NearOne(a, b, c, z)
	}
	return hyp2f1IntegerM(a, b, c, z, int(math.Round(m)))
}

// signFlips counts the sign changes along the series terms: the k ≥ 0 at
// which the factor (a+k)(b+k)/(c+k) is negative (capped at 64). A factor of
// zero ends the series, so counting stops there.
func signFlips(a, b, c float64) int {
	n := 0
	for k := 0.0; (k < -a || k < -b || k < -c) && n <= 64; k++ {
		f := (a + k) * (b + k) * (c + k)
		if f == 0 {
			break
		}
		if f < 0 {
			n++
		}
	}
	return n
}

// series2F1 sums the hypergeometric series for 0 < z < 1 with a running scale
// factor, so intermediate terms may exceed the float64 range. It stops when a
// geometric bound on the remaining tail is below half an ulp of the sum, and
// reports ok = false when that would take more than maxSeriesTerms terms.
func series2F1(a, b, c, z float64) (lnF, sign float64, ok bool) {
	const (
		eps = 0x1p-53
		big = 1e250
	)
	lnBig := math.Log(big)
	// Neumaier-compensated sum: near z = 1 millions of terms are added.
	sum, comp, term, lnScale := 1.0, 0.0, 1.0, 0.0
	for n := 0.0; n < maxSeriesTerms && !ok; n++ {
		term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
		if term == 0 {
			ok = true // a or b is a non-positive integer: the series ended
			break
		}
		t := sum + term
		if math.Abs(sum) >= math.Abs(term) {
			comp += (sum - t) + term
		} else {
			comp += (term - t) + sum
		}
		sum = t
		if math.Abs(sum) > big || math.Abs(term) > big {
			sum, comp, term, lnScale = sum/big, comp/big, term/big, lnScale+lnBig
		}
		k := n + 1 // index of the term just added
		if k > -a && k > -b && k > -c {
			// From here on the factors keep their sign and the term ratio
			// tends to z monotonically, so max(next ratio, z) bounds the tail.
			rho := max((a+k)*(b+k)/((c+k)*(k+1))*z, z)
			ok = rho < 1 && math.Abs(term)*rho/(1-rho) <= eps*math.Abs(sum)
		}
	}
	sum += comp
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return math.NaN(), math.NaN(), false
	}
	return lnScale + math.Log(math.Abs(sum)), sign1(sum), ok
}

// hyp2f1NearOne applies the connection formula A&S 15.3.6 for non-integer
// m = c−a−b:
//
//	F(a,b;c;z) = Γ(c)Γ(m)/(Γ(c−a)Γ(c−b)) · F(a, b; 1−m; 1−z)
//	           + (1−z)^m Γ(c)Γ(−m)/(Γ(a)Γ(b)) · F(c−a, c−b; 1+m; 1−z).
func hyp2f1NearOne(a, b, c, z float64) (lnF, sign float64) {
	w := 1 - z
	m := c - a - b
	l1, s1 := lnGammaRatio([]float64{c, m}, []float64{c - a, c - b})
	if s1 != 0 {
		lf, sf := log2F1(a, b, 1-m, w)
		l1, s1 = l1+lf, s1*sf
	}
	l2, s2 := lnGammaRatio([]float64{c, -m}, []float64{a, b})
	if s2 != 0 {
		lf, sf := log2F1(c-a, c-b, 1+m, w)
		l2, s2 = l2+lf+m*math.Log(w), s2*sf
	}
	return signedLogSum(l1, s1, l2, s2)
}

// hyp2f1IntegerM is the 1−z expansion for c = a+b+m with m an integer
// (A&S 15.3.10–15.3.12), where the general connection formula is 0/0. With
// w = 1−z and k = |m|, for m ≥ 0
//
//	F = Γ(m)Γ(c)/(Γ(a+m)Γ(b+m)) Σ_{n<m} (a)_n(b)_n/(n!(1−m)_n) wⁿ
//	  − (−w)^m Γ(c)/(Γ(a)Γ(b)) Σ_n (a+m)_n(b+m)_n/(n!(n+m)!) wⁿ
//	      [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)],
//
// and for m = −k < 0
//
//	F = Γ(k)Γ(c)/(Γ(a)Γ(b)) w^(−k) Σ_{n<k} (a−k)_n(b−k)_n/(n!(1−k)_n) wⁿ
//	  − (−1)^k Γ(c)/(Γ(a−k)Γ(b−k)) Σ_n (a)_n(b)_n/(n!(n+k)!) wⁿ
//	      [ln w − ψ(n+1) − ψ(n+k+1) + ψ(a+n) + ψ(b+n)].
func hyp2f1IntegerM(a, b, c, z float64, m int) (lnF, sign float64) {
	w := 1 - z
	lw := math.Log(w)
	k := m
	// Finite part: Pochhammer arguments p, q and the prefactor.
	p, q := a, b
	pre, preSign := lnGammaRatio([]float64{float64(m), c}, []float64{a + float64(m), b + float64(m)})
	if m < 0 {
		k = -m
		p, q = a-float64(k), b-float64(k)
		pre, preSign = lnGammaRatio([]float64{float64(k), c}, []float64{a, b})
		pre -= float64(k) * lw
	}
	l1, s1 := math.Inf(-1), 0.0
	if k > 0 && preSign != 0 {
		sum, term := 0.0, 1.0
		for n := 0; n < k; n++ {
			sum += term
			fn := float64(n)
			term *= (p + fn) * (q + fn) / ((fn + 1) * (1 - float64(k) + fn)) * w
		}
		if sum != 0 {
			l1, s1 = pre+math.Log(math.Abs(sum)), preSign*sign1(sum)
		}
	}
	// Logarithmic part: series arguments u, v and the prefactor.
	u, v := a+float64(k), b+float64(k)
	pre2, pre2Sign := lnGammaRatio([]float64{c}, []float64{a, b})
	pre2 += float64(k) * lw
	if m < 0 {
		u, v = a, b
		pre2, pre2Sign = lnGammaRatio([]float64{c}, []float64{a - float64(k), b - float64(k)})
	}
	if k%2 == 1 {
		pre2Sign = -pre2Sign // (−1)^k; the leading minus is applied below
	}
	l2, s2 := math.Inf(-1), 0.0
	if pre2Sign != 0 {
		fk := float64(k)
		lgk1, _ := math.Lgamma(fk + 1)
		coef := math.Exp(-lgk1) // (a')_n(b')_n/(n!(n+k)!) at n = 0
		sum := 0.0
		for n := 0.0; n < 100000; n++ {
			t := coef * (lw - mathext.Digamma(n+1) - mathext.Digamma(n+fk+1) + mathext.Digamma(u+n) + mathext.Digamma(v+n))
			sum += t
			coef *= (u + n) * (v + n) / ((n + 1) * (n + fk + 1)) * w
			if n > -u && n > -v && math.Abs(t) <= 1e-17*math.Abs(sum) && math.Abs(coef) <= 1e-17*math.Abs(sum) {
				break
			}
		}
		if sum != 0 {
			l2, s2 = pre2+math.Log(math.Abs(sum)), -pre2Sign*sign1(sum)
		}
	}
	if s1 == 0 && s2 == 0 {
		return math.NaN(), math.NaN()
	}
	return signedLogSum(l1, s1, l2, s2)
}

// lnGammaRatio returns ln|ΠΓ(num)/ΠΓ(den)| and its sign; the sign is 0 when a
// denominator argument is a pole (1/Γ = 0 there).
func lnGammaRatio(num, den []float64) (float64, float64) {
	l, s := 0.0, 1.0
	for _, x := range den {
		if isNonPosInt(x) {
			return math.Inf(-1), 0
		}
		lg, sg := math.Lgamma(x)
		l, s = l-lg, s*float64(sg)
	}
	for _, x := range num {
		lg, sg := math.Lgamma(x)
		l, s = l+lg, s*float64(sg)
	}
	return l, s
}

// signedLogSum returns ln|s1·e^l1 + s2·e^l2| and the sign of the sum.
func signedLogSum(l1, s1, l2, s2 float64) (float64, float64) {
	if s1 == 0 {
		return l2, s2
	}
	if s2 == 0 {
		return l1, s1
	}
	if l2 > l1 {
		l1, s1, l2, s2 = l2, s2, l1, s1
	}
	d := math.Exp(l2 - l1)
	if s1 == s2 {
		return l1 + math.Log1p(d), s1
	}
	if d == 1 {
		return math.Inf(-1), 0
	}
	return l1 + math.Log1p(-d), s1
}

func isNonPosInt(x float64) bool { return x <= 0 && x == math.Floor(x) }

func sign1(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}
