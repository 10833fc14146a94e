package clv

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"strata/internal/model"
)

// ErrNoConvergence is returned (wrapped, with details) when a maximum
// likelihood fit ends without reaching a stationary point.
var ErrNoConvergence = errors.New("maximum likelihood fit did not converge")

// FitOptions tunes a maximum-likelihood fit. The zero value is the default.
type FitOptions struct {
	// Start overrides the data-driven starting point: natural parameters in
	// the model's order (r, α, a, b for BG/NBD; r, α, s, β for Pareto/NBD;
	// p, q, v for Gamma-Gamma), all positive.
	Start []float64
	// MaxIterations caps each optimiser run; 0 means 1000.
	MaxIterations int
}

// Convergence targets, on the mean negative log-likelihood in
// log-parameters. BFGS stops early (its line search stalls in rounding noise
// near the optimum of a million-row sum); the Newton polish after it moves
// each log-parameter to within 1e-8, which pins flat directions (Pareto/NBD's
// s and β) too.
const (
	gradTolAnalytic = 1e-8
	gradTolNumeric  = 1e-7
	gradAccept      = 1e-6
	logParamLimit   = 40 // |ln θ| beyond this is a runaway, not an estimate
)

// mle is a model's negative mean log-likelihood in log-parameters.
type mle struct {
	model string
	nll   func(theta []float64) float64
	grad  func(g, theta []float64) // nil: central differences
	n     float64                  // total weight (customers)
}

// mleResult holds a fit in natural parameters.
type mleResult struct {
	params []float64
	se     []float64
	logLik float64
}

func (m *mle) f(theta []float64) float64 {
	for _, t := range theta {
		if math.IsNaN(t) || math.Abs(t) > logParamLimit {
			return math.Inf(1)
		}
	}
	v := m.nll(theta)
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}

func (m *mle) g(grad, theta []float64) {
	if m.grad != nil {
		m.grad(grad, theta)
		return
	}
	const h = 1e-5
	x := append([]float64(nil), theta...)
	for i := range x {
		x[i] = theta[i] + h
		fp := m.f(x)
		x[i] = theta[i] - h
		fm := m.f(x)
		x[i] = theta[i]
		grad[i] = (fp - fm) / (2 * h)
	}
}

func (m *mle) gradNorm(theta []float64) float64 {
	g := make([]float64, len(theta))
	m.g(g, theta)
	n := 0.0
	for _, v := range g {
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		n = max(n, math.Abs(v))
	}
	return n
}

// fit minimises from start (natural parameters): BFGS, and if that fails to
// reach a stationary point, Nelder-Mead followed by BFGS; then a few Newton
// steps on the numeric Hessian, which also yields the standard errors.
func (m *mle) fit(start []float64, opt FitOptions) (mleResult, error) {
	if opt.Start != nil {
		if len(opt.Start) != len(start) {
			return mleResult{}, model.Invalid("start", fmt.Sprint(opt.Start), fmt.Sprintf("%s needs %d starting parameters", m.model, len(start)))
		}
		for _, v := range opt.Start {
			if !finite(v) || v <= 0 {
				return mleResult{}, model.Invalid("start", fmt.Sprint(opt.Start), "starting parameters must be positive and finite")
			}
		}
		start = opt.Start
	}
	theta0 := make([]float64, len(start))
	for i, v := range start {
		theta0[i] = math.Log(v)
	}
	if !finite(m.f(theta0)) {
		return mleResult{}, fmt.Errorf("%s: %w: log-likelihood is not finite at the start %v", m.model, ErrNoConvergence, start)
	}
	maxIter := opt.MaxIterations
	if maxIter <= 0 {
		maxIter = 1000
	}
	tol := gradTolAnalytic
	if m.grad == nil {
		tol = gradTolNumeric
	}
	prob := optimize.Problem{Func: m.f, Grad: m.g}
	settings := func() *optimize.Settings {
		return &optimize.Settings{
			GradientThreshold: tol,
			MajorIterations:   maxIter,
			Converger:         &optimize.FunctionConverge{Absolute: 1e-15, Relative: 1e-15, Iterations: 50},
		}
	}
	theta := theta0
	if res, err := optimize.Minimize(prob, theta0, settings(), &optimize.BFGS{}); res != nil && (err == nil || finite(res.F)) {
		theta = res.X
	}
	if m.gradNorm(theta) > gradAccept {
		nm, err := optimize.Minimize(optimize.Problem{Func: m.f}, theta0, &optimize.Settings{
			MajorIterations: 20 * maxIter,
			Converger:       &optimize.FunctionConverge{Absolute: 1e-13, Iterations: 200},
		}, &optimize.NelderMead{})
		if nm != nil && (err == nil || finite(nm.F)) {
			theta = nm.X
			if res, err := optimize.Minimize(prob, nm.X, settings(), &optimize.BFGS{}); res != nil && (err == nil || finite(res.F)) && res.F <= nm.F {
				theta = res.X
			}
		}
	}
	theta, cov := m.newtonPolish(theta)
	if gn := m.gradNorm(theta); gn > gradAccept || !finite(m.f(theta)) {
		return mleResult{}, fmt.Errorf("%s: %w: gradient norm %.3g at parameters %v", m.model, ErrNoConvergence, gn, expAll(theta))
	}
	out := mleResult{params: expAll(theta), se: make([]float64, len(theta)), logLik: -m.n * m.f(theta)}
	for i, p := range out.params {
		out.se[i] = math.NaN()
		if cov != nil && cov.At(i, i) >= 0 {
			// Delta method: SE(θ) = θ·SE(ln θ).
			out.se[i] = p * math.Sqrt(cov.At(i, i))
		}
	}
	return out, nil
}

// newtonPolish takes damped Newton steps from theta and returns the final
// point with the covariance of the log-parameters there (nil when the
// Hessian is not positive definite, i.e. no proper maximum). Newton converges
// quadratically, so once a step is below 1e-5 in every log-parameter the
// point it reaches is within ~1e-10 and the polish stops; the Hessian of
// that last step serves for the standard errors. Near the optimum the
// decrease of a step is below the rounding noise of a large sum, so a step
// is accepted when f does not rise by more than that noise.
func (m *mle) newtonPolish(theta []float64) ([]float64, *mat.SymDense) {
	k := len(theta)
	g := make([]float64, k)
	for range 10 {
		var chol mat.Cholesky
		if !chol.Factorize(m.hessian(theta)) {
			return theta, nil
		}
		m.g(g, theta)
		step := mat.NewVecDense(k, nil)
		if err := chol.SolveVecTo(step, mat.NewVecDense(k, g)); err != nil {
			return theta, nil
		}
		f0 := m.f(theta)
		noise := 1e-13 * (1 + math.Abs(f0))
		for damp := 1.0; damp > 1e-4; damp /= 2 {
			next := make([]float64, k)
			for i := range next {
				next[i] = theta[i] - damp*step.AtVec(i)
			}
			if m.f(next) <= f0+noise {
				theta = next
				break
			}
		}
		if mat.Norm(step, math.Inf(1)) < 1e-5 {
			var inv mat.SymDense
			if err := chol.InverseTo(&inv); err != nil {
				return theta, nil
			}
			// The Hessian is of the mean; the total log-likelihood's is n
			// times it.
			inv.ScaleSym(1/m.n, &inv)
			return theta, &inv
		}
	}
	return theta, nil
}

// hessian is the numeric Hessian of the mean negative log-likelihood in
// log-parameters: central differences of the analytic gradient when there is
// one, second differences of the function otherwise.
func (m *mle) hessian(theta []float64) *mat.SymDense {
	k := len(theta)
	h := mat.NewSymDense(k, nil)
	x := append([]float64(nil), theta...)
	if m.grad != nil {
		const d = 1e-5
		gp, gm := make([]float64, k), make([]float64, k)
		rows := make([][]float64, k)
		for j := range k {
			x[j] = theta[j] + d
			m.g(gp, x)
			x[j] = theta[j] - d
			m.g(gm, x)
			x[j] = theta[j]
			rows[j] = make([]float64, k)
			for i := range k {
				rows[j][i] = (gp[i] - gm[i]) / (2 * d)
			}
		}
		for i := range k {
			for j := i; j < k; j++ {
				h.SetSym(i, j, (rows[i][j]+rows[j][i])/2)
			}
		}
		return h
	}
	const d = 1e-4
	f0 := m.f(theta)
	at := func(i int, di float64, j int, dj float64) float64 {
		x[i] += di
		x[j] += dj
		v := m.f(x)
		x[i], x[j] = theta[i], theta[j]
		return v
	}
	for i := range k {
		h.SetSym(i, i, (at(i, d, i, 0)-2*f0+at(i, -d, i, 0))/(d*d))
		for j := i + 1; j < k; j++ {
			v := (at(i, d, j, d) - at(i, d, j, -d) - at(i, -d, j, d) + at(i, -d, j, -d)) / (4 * d * d)
			h.SetSym(i, j, v)
		}
	}
	return h
}

func expAll(theta []float64) []float64 {
	out := make([]float64, len(theta))
	for i, t := range theta {
		out[i] = math.Exp(t)
	}
	return out
}
