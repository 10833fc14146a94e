package clv

import (
	"bufio"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// dataDir is the shared reference data, relative to this package directory.
const dataDir = "../../../../shared/data"

// CDNOW periods (Fader, Hardie & Lee 2005): calibration through 1997-09-30,
// holdout through 1998-06-30, both inclusive.
var (
	cdnowCalEnd  = CivilDay(1997, time.September, 30)
	cdnowHoldEnd = CivilDay(1998, time.June, 30)
)

func cdnowPath(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(dataDir, "cdnow", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("reference data missing: %v", err)
	}
	return p
}

// loadCDNOWSample reads CDNOW_sample.txt: whitespace separated, CRLF,
// columns master id, sample id, date YYYYMMDD, cds, dollar value. The sample
// id is the customer key.
func loadCDNOWSample(t testing.TB) []Txn {
	t.Helper()
	f, err := os.Open(cdnowPath(t, "CDNOW_sample.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var txns []Txn
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if len(fs) != 5 {
			t.Fatalf("line %d: %d fields", line, len(fs))
		}
		id, err1 := strconv.Atoi(fs[1])
		date, err2 := time.Parse("20060102", fs[2])
		val, err3 := strconv.ParseFloat(fs[4], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("line %d: %v %v %v", line, err1, err2, err3)
		}
		txns = append(txns, Txn{Customer: int32(id), Day: DayOf(date, time.UTC), Value: val})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return txns
}

// readCSV returns the header and the rows of a small CSV file (CRLF or LF).
func readCSV(t testing.TB, name string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(cdnowPath(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

// cdnowRef is a published CDNOW calibration summary in weeks.
type cdnowRef struct {
	ID []int32
	S  Summary
}

// loadCDNOWRef reads cdnow_calibration_exact.csv (id,x,t_x,T,zbar,x_star)
// or cdnow_customers_summary_with_transactions.csv (ID,x,t_x,T,zbar).
func loadCDNOWRef(t testing.TB, name string) cdnowRef {
	t.Helper()
	_, rows := readCSV(t, name)
	var ref cdnowRef
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	for _, r := range rows {
		row := Row{X: num(r[1]), Tx: num(r[2]), T: num(r[3]), Zbar: num(r[4])}
		if len(r) > 5 {
			row.XStar = num(r[5])
		}
		ref.ID = append(ref.ID, int32(num(r[0])))
		ref.S.append(int32(num(r[0])), row)
	}
	return ref
}

// cdnowSummary is the calibration/holdout summary of CDNOW_sample in weeks.
func cdnowSummary(t testing.TB) Summary {
	t.Helper()
	s, err := Summarize(loadCDNOWSample(t), SummaryOptions{
		CalibrationEnd: cdnowCalEnd, HoldoutEnd: cdnowHoldEnd, Unit: Weeks,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
