// Package validation measures how good an analytics model is: silhouette
// for clusterings, confusion matrices and accuracy for classifiers, gains
// and lift tables for scores or tiers against holdout revenue, and error
// metrics for count predictions beside a naive baseline.
//
// Everything here is pure and deterministic: plain slices in, plain values
// out, sampling seeded by the caller.
package validation
