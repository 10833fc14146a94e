package classify

// Migration is the class-to-class movement of customers between two runs
// of one scheme: Counts[i][j] customers (Revenue[i][j] their net spend in
// the later run) moved from From[i] to To[j]. Customers present in only one
// run appear in the "(new)" row or the "(gone)" column.
type Migration struct {
	From    []string    `json:"from"`
	To      []string    `json:"to"`
	Counts  [][]int     `json:"counts"`
	Revenue [][]float64 `json:"revenue"`
}

// Row and column names for customers missing from one of the runs.
const (
	NewRow     = "(new)"
	GoneColumn = "(gone)"
)

// Migrate builds the matrix from each run's class per customer (customer
// id -> class key) and the later run's revenue per customer.
func Migrate(fromOrder, toOrder []string, from, to map[int64]string, revenue map[int64]float64) *Migration {
	m := &Migration{From: append(append([]string(nil), fromOrder...), NewRow), To: append(append([]string(nil), toOrder...), GoneColumn)}
	fi, ti := map[string]int{}, map[string]int{}
	for i, k := range m.From {
		fi[k] = i
	}
	for j, k := range m.To {
		ti[k] = j
	}
	m.Counts = make([][]int, len(m.From))
	m.Revenue = make([][]float64, len(m.From))
	for i := range m.Counts {
		m.Counts[i] = make([]int, len(m.To))
		m.Revenue[i] = make([]float64, len(m.To))
	}
	add := func(a, b string, rev float64) {
		i, ok := fi[a]
		if !ok {
			i = len(m.From)
			m.From = append(m.From, a)
			fi[a] = i
			m.Counts = append(m.Counts, make([]int, len(m.To)))
			m.Revenue = append(m.Revenue, make([]float64, len(m.To)))
		}
		j, ok := ti[b]
		if !ok {
			j = len(m.To)
			m.To = append(m.To, b)
			ti[b] = j
			for r := range m.Counts {
				m.Counts[r] = append(m.Counts[r], 0)
				m.Revenue[r] = append(m.Revenue[r], 0)
			}
		}
		m.Counts[i][j]++
		m.Revenue[i][j] += rev
	}
	for id, a := range from {
		b, ok := to[id]
		if !ok {
			b = GoneColumn
		}
		add(a, b, revenue[id])
	}
	for id, b := range to {
		if _, ok := from[id]; !ok {
			add(NewRow, b, revenue[id])
		}
	}
	return m
}
