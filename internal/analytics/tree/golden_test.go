package tree

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// loadSegments reads testdata/segments.csv: 60 customers with monetary
// (two missing), frequency, recency and a class from a known rule plus two
// noisy labels.
func loadSegments(t *testing.T) Dataset {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "segments.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ds := Dataset{Cols: 3, Features: recs[0][1:4], Classes: []string{"VIP", "Key", "Regular", "Lost"}}
	for _, rec := range recs[1:] {
		for _, cell := range rec[1:4] {
			v := math.NaN()
			if cell != "" {
				if v, err = strconv.ParseFloat(cell, 64); err != nil {
					t.Fatal(err)
				}
			}
			ds.X = append(ds.X, v)
		}
		ds.Labels = append(ds.Labels, slices.Index(ds.Classes, rec[4]))
		ds.Rows++
	}
	return ds
}

func report(m *Model) string {
	var b strings.Builder
	fmt.Fprintf(&b, "train=%d holdout=%d train_accuracy=%.4f holdout_accuracy=%.4f\n",
		m.TrainRows, m.HoldoutRows, m.TrainAccuracy, m.HoldoutAccuracy)
	b.WriteString("\n# tree\n")
	b.WriteString(m.String())
	b.WriteString("\n# leaves\n")
	for _, l := range m.Leaves() {
		fmt.Fprintf(&b, "#%d %s counts=%v support=%d purity=%.4f\n", l.Node, m.Classes[l.Class], l.Counts, l.Support, l.Purity)
	}
	b.WriteString("\n# rules\n")
	for _, r := range m.Rules() {
		b.WriteString(r.String() + "\n")
	}
	b.WriteString("\n# rules by class\n")
	for _, c := range m.ClassRules() {
		b.WriteString(c.String() + "\n")
	}
	b.WriteString("\n# holdout confusion\n")
	b.WriteString(m.Confusion.String())
	return b.String()
}

func TestSegmentsGolden(t *testing.T) {
	ds := loadSegments(t)
	tests := []struct {
		name string
		opt  Options
	}{
		{"segments_depth3", Options{MaxDepth: 3, MinLeaf: 3, Seed: 1}},
		{"segments_default_leaf", Options{Seed: 1, MinLeaf: 0}},
		{"segments_all_rows", Options{MinLeaf: 2, HoldoutFraction: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Train(ds, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := report(m)
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Fatalf("%s differs:\n--- got\n%s--- want\n%s", path, got, want)
			}
		})
	}
}
