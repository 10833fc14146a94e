// Package clv holds the buy-till-you-die customer models used for
// customer-lifetime-value features: the repeat-purchase summary built from
// transactions, BG/NBD (Fader, Hardie & Lee 2005), Pareto/NBD (Schmittlein,
// Morrison & Colombo 1987) and the Gamma-Gamma spend model (Fader, Hardie &
// Lee 2005, "RFM and CLV"), plus a discounted CLV and batch scoring.
//
// The package is pure numerics: plain slices in, plain values out, no clock,
// no I/O, deterministic for given inputs and seeds.
//
// Conventions pinned here, because every formula depends on them:
//
//   - Time is measured in a Unit (Days or Weeks). x is the number of repeat
//     purchase days after the first purchase day, t_x the time from the first
//     to the last calibration purchase day, T the time from the first
//     purchase day to the calibration end. All three use the same Unit, and a
//     model fitted in one Unit predicts in that Unit (its α and β carry it).
//   - Purchases on the same calendar day are one purchase (their values are
//     summed); the day boundary is that of a caller-chosen time.Location.
//   - Fits maximise the log-likelihood over log-parameters, so every
//     parameter stays positive; rows with identical (x, t_x, T) are grouped
//     with weights, which is what makes a million customers cheap.
//   - Standard errors come from a numeric Hessian of the total
//     log-likelihood at the optimum, taken in log-parameters and mapped to
//     natural parameters with the delta method (SE(θ) = θ·SE(ln θ)).
//   - CLV is lifetimes' discrete sum: month m's expected purchases,
//     E(m·f) − E((m−1)·f), times the expected spend, discounted by (1+d)^m
//     (see CLV for the month length f).
//
// Flow: Summarize (or SummarizeDays) → FitBGNBD or FitParetoNBD →
// FitGammaGamma → Score, which returns P(alive), expected purchases over a
// horizon, expected spend and CLV for every customer, computing each distinct
// history once. Bad input is a *model.ValidationError (errors.Is
// model.ErrInvalid); a fit without a finite maximum wraps ErrNoConvergence.
package clv
