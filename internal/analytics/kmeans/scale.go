package kmeans

import "math"

// Scaler z-scores features: z = (x - Mean) / Std, with population standard
// deviations. A constant feature (Std 0) carries no information for
// clustering; it maps to 0 instead of dividing by zero.
type Scaler struct {
	Means []float64
	Stds  []float64
}

// FitScaler computes per-feature means and population standard deviations
// of the n×d row-major matrix x (two passes, for precision).
func FitScaler(x []float64, n, d int) Scaler {
	s := Scaler{Means: make([]float64, d), Stds: make([]float64, d)}
	for i := range n {
		for j, v := range x[i*d : i*d+d] {
			s.Means[j] += v
		}
	}
	for j := range s.Means {
		s.Means[j] /= float64(n)
	}
	for i := range n {
		for j, v := range x[i*d : i*d+d] {
			t := v - s.Means[j]
			s.Stds[j] += t * t
		}
	}
	for j := range s.Stds {
		s.Stds[j] = math.Sqrt(s.Stds[j] / float64(n))
	}
	return s
}

// Transform writes the z-scores of one row into dst (len d) and returns it;
// dst may be nil.
func (s Scaler) Transform(row, dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, len(row))
	}
	for j, v := range row {
		if s.Stds[j] == 0 {
			dst[j] = 0
			continue
		}
		dst[j] = (v - s.Means[j]) / s.Stds[j]
	}
	return dst
}

// Inverse maps z-scores back to original units (a constant feature returns
// its mean).
func (s Scaler) Inverse(z, dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, len(z))
	}
	for j, v := range z {
		dst[j] = v*s.Stds[j] + s.Means[j]
	}
	return dst
}

// transformAll returns the z-scored copy of the whole matrix.
func (s Scaler) transformAll(x []float64, n, d int) []float64 {
	z := make([]float64, len(x))
	for i := range n {
		s.Transform(x[i*d:i*d+d], z[i*d:i*d+d])
	}
	return z
}
