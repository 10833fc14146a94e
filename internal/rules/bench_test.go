package rules

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

const benchRows = 1_000_000

// benchRule is the three-clause rule of the performance target.
const benchRule = `monetary > 1000 and last_purchase_at >= ago(90d) and tags has "vip"`

// benchNumericRule has only comparisons with constants, which BindBlock
// evaluates a column at a time (the shape of the churn_risk scheme).
const benchNumericRule = `monetary >= 1000 and monetary < 2500 or not last_purchase_at >= ago(200d)`

// benchColumns builds benchRows rows of the fields benchRule uses, with
// 10% missing values, directly as columns (no per-row records).
func benchColumns() *Columns {
	rnd := rand.New(rand.NewPCG(1, 2))
	mon := make([]float64, benchRows)
	dates := DateColumn{Unix: make([]int64, benchRows), Valid: make([]bool, benchRows)}
	tags := make([][]string, benchRows)
	asOf := testAsOf.Unix()
	pool := [][]string{nil, {"vip"}, {"new"}, {"new", "vip"}, {"risk", "大客户", "vip"}}
	for i := range benchRows {
		mon[i] = rnd.Float64() * 3000
		if rnd.IntN(10) == 0 {
			mon[i] = math.NaN()
		}
		dates.Unix[i] = asOf - rnd.Int64N(365*86400)
		dates.Valid[i] = rnd.IntN(10) != 0
		tags[i] = pool[rnd.IntN(len(pool))]
	}
	return &Columns{N: benchRows, Numbers: map[string][]float64{"monetary": mon},
		Dates: map[string]DateColumn{"last_purchase_at": dates}, Tags: map[string][][]string{"tags": tags}}
}

// BenchmarkBind1M evaluates benchRule over one million rows per iteration;
// BenchmarkBindBlock1M does the same a block at a time (BindBlock), and the
// Numeric pair evaluates benchNumericRule both ways.
//
//	go test ./internal/rules -run '^$' -bench 'Bind'
func BenchmarkBind1M(b *testing.B)             { benchBind(b, benchRule) }
func BenchmarkBindBlock1M(b *testing.B)        { benchBindBlock(b, benchRule) }
func BenchmarkBindNumeric1M(b *testing.B)      { benchBind(b, benchNumericRule) }
func BenchmarkBindBlockNumeric1M(b *testing.B) { benchBindBlock(b, benchNumericRule) }

func benchBind(b *testing.B, rule string) {
	cols := benchColumns()
	r := MustCompile(rule, testSchema)
	match, err := r.Bind(cols, testAsOf)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		n = 0
		for i := range benchRows {
			if match(i) {
				n++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
	if n == 0 || n == benchRows {
		b.Fatalf("selected %d rows", n)
	}
}

func benchBindBlock(b *testing.B, rule string) {
	cols := benchColumns()
	r := MustCompile(rule, testSchema)
	match, err := r.BindBlock(cols, testAsOf)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]bool, BlockSize)
	n := 0
	for b.Loop() {
		n = 0
		for lo := 0; lo < benchRows; lo += BlockSize {
			m := out[:min(BlockSize, benchRows-lo)]
			match(lo, m)
			for _, ok := range m {
				n += int(boolInt(ok))
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
	if n == 0 || n == benchRows {
		b.Fatalf("selected %d rows", n)
	}
}

// BenchmarkEval1M evaluates the same rule through the Record interface,
// for comparison with Bind.
func BenchmarkEval1M(b *testing.B) {
	cols := benchColumns()
	r := MustCompile(benchRule, testSchema)
	for b.Loop() {
		for i := range benchRows {
			r.Eval(rowRecord{cols, i}, testAsOf)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
}

// rowRecord views one row of a Columns as a Record.
type rowRecord struct {
	c *Columns
	i int
}

func (r rowRecord) Number(f string) (float64, bool) { return r.c.Numbers[f][r.i], true }
func (r rowRecord) String(f string) (string, bool)  { return "", false }
func (r rowRecord) Bool(f string) (bool, bool)      { return false, false }
func (r rowRecord) Date(f string) (time.Time, bool) {
	d := r.c.Dates[f]
	return time.Unix(d.Unix[r.i], 0), d.Valid[r.i]
}
func (r rowRecord) HasTag(f, tag string) bool {
	for _, t := range r.c.Tags[f][r.i] {
		if t == tag {
			return true
		}
	}
	return false
}

// BenchmarkCompile measures compiling a typical rule and near-limit ones.
func BenchmarkCompile(b *testing.B) {
	long := "vip" + strings.Repeat(" or monetary > 1", 255)
	nested := "vip"
	for range 15 {
		nested = "vip and (churned or " + nested + ")"
	}
	list := "frequency in [" + strings.TrimSuffix(strings.Repeat("1,", 1000), ",") + "]"
	for _, bc := range []struct{ name, src string }{
		{"typical", benchRule},
		{"511_nodes", long},
		{"depth_31", nested},
		{"1000_items", list},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Compile(bc.src, testSchema); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSQL measures translating a typical rule.
func BenchmarkSQL(b *testing.B) {
	r := MustCompile(benchRule, testSchema)
	t := agreeTarget(DialectPostgres)
	for b.Loop() {
		if _, _, err := r.SQL(t, testAsOf, 1); err != nil {
			b.Fatal(err)
		}
	}
}
