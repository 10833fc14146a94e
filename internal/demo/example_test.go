package demo_test

import (
	"fmt"
	"time"

	"strata/internal/demo"
)

// The CLI feeds a Counter wrapping its store sink and prints the summary.
func ExampleGenerate() {
	k := &demo.Counter{} // set Next to the sink that writes to the store
	err := demo.Generate(demo.Options{
		Customers: 50,
		Seed:      1,
		End:       time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC),
	}, k)
	fmt.Println(err, k.Summary.Customers, k.Summary.Lines > k.Summary.Orders)
	// Output: <nil> 50 true
}
