// Package metrics turns columnar customer records into a per-customer
// feature table as of a date: RFM, spend and profit, trend, refunds,
// discounts, premium share, interactions, tickets, satisfaction, NPS,
// preference, age, tenure and the repeat-purchase summary the lifetime-value
// models use.
//
// The package is pure and deterministic: plain columns in, plain columns out,
// no database and no clock. Compute is parallel over customer ranges and
// gives bit-identical results whatever the number of workers.
//
// Cost model. Compute makes one pass over each record table (orders twice
// more, cheaply, for the exact category medians of premium_share) and keeps
// integer sums per customer; the float64 columns of the schema are built
// from those on first access and cached. At a million customers a column is
// 8 MB and fresh memory is the dominant cost, so a run pays for the columns
// it reads. BenchmarkCompute1M10M and BenchmarkCompute1M10MAllColumns
// measure both ends.
//
// Point in time. A run "as of D" sees exactly what was knowable at the end of
// D in the business time zone: every record dated at or after the start of
// D+1 (Table.Cutoff) is ignored — orders, interactions, surveys, tickets,
// ticket closures — and customers registered at or after that instant are
// not in the table at all.
//
// Day arithmetic. Day numbers are civil dates in the business zone counted
// as days since 1970-01-01, the same numbering as clv.DayOf, so the
// repeat-purchase columns agree with clv.Summarize. Zones without transitions
// over the last twenty years (Asia/Shanghai, UTC) use a fixed offset; other
// zones use a table of local midnights, and instants outside either fall back
// to time.Time.In.
package metrics
