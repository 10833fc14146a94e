package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"strata/internal/app"
	"strata/internal/core"
)

// asOfFlag parses --as-of, defaulting to today in the business zone.
func asOfFlag(v string, loc *time.Location) (time.Time, error) {
	if v == "" {
		now := time.Now().In(loc)
		return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	return parseDay("--as-of", v, true)
}

// openAsOf opens the application and resolves an --as-of value in its
// business time zone.
func (f *flagSet) openAsOf(ctx context.Context, asOf string) (*app.App, time.Time, error) {
	a, err := f.open(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	d, err := asOfFlag(asOf, a.Config.Location())
	if err != nil {
		a.Close()
		return nil, time.Time{}, err
	}
	return a, d, nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func runCluster(ctx context.Context, e *env, args []string) error {
	const usage = "strata cluster [--as-of YYYY-MM-DD] [--k N] [--features f1,log:f2,…] [--seed S] [--explain]"
	f := newFlags(e, "cluster", usage)
	asOf := f.String("as-of", "", "as-of date (default: today in the business time zone)")
	k := f.Int("k", 0, "number of clusters (0: choose 2..8 by silhouette)")
	features := f.String("features", strings.Join(core.DefaultClusterFeatures, ","), "metric fields; log:field uses log(1+value)")
	seed := f.Uint64("seed", 1, "random seed (the result is deterministic for a seed)")
	explain := f.Bool("explain", false, "learn a decision tree that explains each cluster as a rule")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if *k < 0 || *k > 50 {
		return &usageError{fmt.Sprintf("--k %d: want 0 to 50", *k)}
	}
	a, d, err := f.openAsOf(ctx, *asOf)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.Core.ClusterCustomers(ctx, core.ClusterOptions{AsOf: d, K: *k, Features: splitList(*features), Seed: *seed, Explain: *explain})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(res)
	}
	fmt.Fprintf(e.stdout, "k-means as of %s: k=%d on %d customers with purchases (%d without excluded), silhouette %.3f\n",
		res.AsOf, res.K, res.Customers, res.Excluded, res.Silhouette)
	for _, c := range res.Clusters {
		fmt.Fprintf(e.stdout, "  %-50s %8d  %5.1f%%\n", c.Name, c.Size, 100*c.Share)
		if c.Rule != "" {
			fmt.Fprintf(e.stdout, "      rule (purity %.0f%%): %s\n", 100*c.Purity, c.Rule)
		}
	}
	if res.TreeAccuracy != nil {
		fmt.Fprintf(e.stdout, "explaining tree: holdout accuracy %.1f%%\n", 100**res.TreeAccuracy)
	}
	return nil
}

func runTree(ctx context.Context, e *env, args []string) error {
	const usage = "strata tree --tag TAG|--clusters K [--as-of YYYY-MM-DD] [--features f1,f2,…] [--depth N] [--seed S] [--save-scheme NAME]"
	f := newFlags(e, "tree", usage)
	asOf := f.String("as-of", "", "as-of date (default: today in the business time zone)")
	tag := f.String("tag", "", "learn which customers carry this tag (e.g. VIP)")
	clusters := f.Int("clusters", 0, "or: learn a k-means segmentation into this many clusters")
	features := f.String("features", strings.Join(core.DefaultTreeFeatures, ","), "metric fields the tree may split on")
	depth := f.Int("depth", 6, "maximum depth")
	seed := f.Uint64("seed", 1, "seed of the holdout split")
	save := f.String("save-scheme", "", "save the learned rules as an editable rules scheme with this name")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if (*tag == "") == (*clusters == 0) {
		return &usageError{"give --tag or --clusters; usage: " + usage}
	}
	if *depth < 1 || *depth > 20 {
		return &usageError{fmt.Sprintf("--depth %d: want 1 to 20", *depth)}
	}
	a, d, err := f.openAsOf(ctx, *asOf)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.Core.LearnTag(ctx, core.TreeOptions{AsOf: d, Tag: *tag, Clusters: *clusters, Features: splitList(*features), MaxDepth: *depth, Seed: *seed})
	if err != nil {
		return err
	}
	if *save != "" {
		sc, err := core.TreeScheme(*save, res)
		if err != nil {
			return err
		}
		row, _, err := a.Store.SaveScheme(ctx, sc.Name, sc.JSON(), false)
		if err != nil {
			return err
		}
		if !e.json {
			defer fmt.Fprintln(e.stdout, e.p.T("scheme_saved", row.Name, row.Version))
		}
	}
	if e.json {
		return e.printJSON(res)
	}
	acc := "n/a"
	if res.HoldoutAccuracy != nil {
		acc = fmt.Sprintf("%.1f%%", 100**res.HoldoutAccuracy)
	}
	fmt.Fprintf(e.stdout, "decision tree for %s as of %s on %d customers: holdout accuracy %s\n", res.Label, res.AsOf, res.Customers, acc)
	for _, r := range res.Rules {
		fmt.Fprintf(e.stdout, "  %s (support %d, purity %.0f%%):\n    %s\n", r.Class, r.Support, 100*r.Purity, r.Rule)
	}
	fmt.Fprintln(e.stdout, res.Model.Confusion.String())
	return nil
}
