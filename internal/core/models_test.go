package core_test

import (
	"context"
	"testing"
	"time"

	"strata/internal/core"
	"strata/internal/demo"
	"strata/internal/rules"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

func TestClusterExplainAndTreeRulesCompile(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	svc := newService(s)
	ctx := context.Background()
	end := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	if _, err := svc.LoadDemo(ctx, demo.Options{Customers: 800, Seed: 3, End: end, Location: shanghai}, nil); err != nil {
		t.Fatal(err)
	}
	res, err := svc.ClusterCustomers(ctx, core.ClusterOptions{AsOf: end, K: 4, Seed: 9, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := svc.ClusterCustomers(ctx, core.ClusterOptions{AsOf: end, K: 4, Seed: 9, Explain: true})
	total := 0
	schema := core.RuleSchema()
	for i, c := range res.Clusters {
		total += c.Size
		if c.Name != again.Clusters[i].Name || c.Size != again.Clusters[i].Size || c.Rule != again.Clusters[i].Rule {
			t.Errorf("cluster %d not deterministic: %+v vs %+v", i, c, again.Clusters[i])
		}
		if c.Rule == "" {
			continue
		}
		if _, err := rules.Compile(c.Rule, schema); err != nil {
			t.Errorf("cluster %q rule does not compile: %v\n%s", c.Name, err, c.Rule)
		}
	}
	if total != res.Customers || res.K != 4 || res.TreeAccuracy == nil || *res.TreeAccuracy < 0.7 {
		t.Fatalf("clusters %+v", res)
	}
	tr, err := svc.LearnTag(ctx, core.TreeOptions{AsOf: end, Tag: demo.TagVIP, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tr.Rules {
		if _, err := rules.Compile(r.Rule, schema); err != nil {
			t.Errorf("tree rule does not compile: %v\n%s", err, r.Rule)
		}
	}
	sc, err := core.TreeScheme("vip_learned", tr)
	if err != nil {
		t.Fatalf("tree as a scheme: %v", err)
	}
	if _, _, err := s.SaveScheme(ctx, sc.Name, sc.JSON(), false); err != nil {
		t.Fatal(err)
	}
	sum, err := svc.Classify(ctx, core.ClassifyOptions{AsOf: end, Schemes: []string{"vip_learned"}})
	if err != nil || len(sum.Schemes) != 1 || len(sum.Schemes[0].Classes) != 2 {
		t.Fatalf("classify with the learned scheme: %+v %v", sum, err)
	}
	if _, err := svc.LearnTag(ctx, core.TreeOptions{AsOf: end, Tag: "no-such-tag"}); err == nil {
		t.Error("unknown tag accepted")
	}
}
