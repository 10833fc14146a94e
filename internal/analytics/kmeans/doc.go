// Package kmeans clusters customers' feature vectors with k-means: optional
// z-score standardisation, k-means++ seeding, Lloyd iterations run in
// parallel over fixed row chunks, several restarts keeping the lowest
// inertia, silhouette-based choice of k, a stable cluster order and
// human-readable cluster names.
//
// Determinism: every random choice comes from math/rand/v2 PCG streams
// derived from Options.Seed, and every parallel sum is reduced chunk by
// chunk in row order over chunks of a fixed size, so a result depends only
// on the data and the options, never on the number of cores or on goroutine
// scheduling.
package kmeans
