// Package demo generates a realistic, deterministic synthetic business for
// `strata demo` and for benchmarks: customers with demographics, order lines,
// interactions, satisfaction surveys and service tickets.
//
// The package is pure. It opens no database and reads no clock: the seed and
// the last day of data are parameters (Options), and the caller feeds the
// records it receives through a Sink into the store.
//
// # Determinism
//
// The same Options give byte-identical output. Every customer draws from its
// own PCG streams seeded from (Options.Seed, customer index), one stream for
// the profile, one for orders and one for contacts, so customer i is the same
// whether 100 or 1,000,000 customers are generated, customers can be
// generated in parallel, and a change to, say, ticket generation leaves
// orders untouched. Output is pinned by a golden hash on amd64; other
// architectures may fuse floating-point operations differently.
//
// # Time
//
// Options.End is read as a calendar date in Options.Location (default
// Asia/Shanghai): it is the last day of data, inclusive, so every timestamp
// falls before the following local midnight. The order history covers
// Options.Years before it; customers may have registered up to three years
// before the history starts (存量客户). All instants are emitted in UTC;
// birth dates are dates at UTC midnight.
//
// # Identifiers
//
// Customer ids are "C" and the 1-based index padded to six digits (C000001;
// C1000000 for the millionth). Order ids are "SO" + local order date + "-" +
// customer number + "-" + sequence (SO20250311-000123-007); returns are
// separate orders "RT…" with the same shape, one negative line each.
// Interactions, surveys and tickets are "IN000123-0001", "SV000123-01" and
// "TK000123-001".
//
// # Orders
//
// An order has 1–4 lines from a catalogue of 60 products in 10 categories
// (Catalogue, Categories, PremiumCategories). Sales channels are lowercase
// codes (OrderChannels): store 门店, web 官网, tmall 天猫, jd 京东, wechat 微信小程序.
// Lines are mostly paid; about 2–6 % are refunded (status refunded, amount
// kept), a few whole orders are cancelled, and 2–6 % of paid lines are
// returned 3–14 days later as a paid return order with negative quantity,
// amount and cost. Amount = quantity × unit price − discount; discounts are
// whole yuan except corporate contract rebates.
//
// Purchases follow a Poisson process per customer whose intensity is the
// customer's yearly rate times a day-level seasonality (双11 in November, 618
// in June, 双12 and year end in December, a Spring Festival dip, weekends up);
// bargain hunters follow a sharper promotional profile and corporate accounts
// a working-day profile. Order values are gamma distributed around a
// per-customer spend level that is itself gamma distributed across customers.
//
// # Archetypes
//
// Every customer has a hidden behaviour archetype (ArchetypeOf); the shares
// are listed with the Archetype constants. They are ground truth for
// benchmarks of classification and CLV models; nothing in the emitted
// records names them directly, though tags and sources correlate.
package demo
