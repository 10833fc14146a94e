package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"strata/internal/model"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

func TestMigrationsAreContiguous(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		ms, err := store.Migrations(d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if len(ms) == 0 {
			t.Fatalf("%s: no migrations", d)
		}
	}
	sq, _ := store.Migrations(store.SQLite)
	pg, _ := store.Migrations(store.Postgres)
	if len(sq) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d: keep the dialects in step", len(sq), len(pg))
	}
	for i := range sq {
		if sq[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %q vs postgres %q", i+1, sq[i].Name, pg[i].Name)
		}
	}
}

func TestOpenIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v, err := s.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("schema version %d, %v", v, err)
		}
	})
	// Re-opening an existing SQLite file applies nothing and keeps data.
	dsn := storetest.DSN(t, store.SQLite)
	for i := 0; i < 2; i++ {
		s, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
}

func TestRefusesMemoryDatabase(t *testing.T) {
	if _, err := store.Open(context.Background(), ":memory:", store.Options{}); err == nil {
		t.Fatal("want an error for :memory:")
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestUpsertCustomersCountsAndPartialFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := &model.Customer{ID: "A1", Name: "张三", Email: "a@example.com", Tags: []string{"VIP", "会员"}, RegisteredAt: day("2024-01-02")}
		b := &model.Customer{ID: "B2", Name: "Bob", Age: 41}
		write := func(cs []*model.Customer, fields []string) store.WriteCounts {
			t.Helper()
			var wc store.WriteCounts
			err := s.Write(ctx, func(tx *store.Tx) error {
				max, err := tx.MaxID(ctx, "customers")
				if err != nil {
					return err
				}
				wc, err = tx.UpsertCustomers(ctx, cs, fields, max)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return wc
		}
		all := store.CustomerFields()
		if got := write([]*model.Customer{a, b}, all); got != (store.WriteCounts{Inserted: 2}) {
			t.Fatalf("first write: %+v", got)
		}
		if got := write([]*model.Customer{a, b}, all); got != (store.WriteCounts{Unchanged: 2}) {
			t.Fatalf("same write again: %+v", got)
		}
		// A file with only a name column must not blank the e-mail or tags.
		a2 := &model.Customer{ID: "A1", Name: "张三丰"}
		if got := write([]*model.Customer{a2}, []string{"customer_id", "name"}); got != (store.WriteCounts{Updated: 1}) {
			t.Fatalf("name update: %+v", got)
		}
		c, err := s.Customer(ctx, "A1")
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "张三丰" || c.Email != "a@example.com" || len(c.Tags) != 2 || !c.RegisteredAt.Equal(day("2024-01-02")) {
			t.Fatalf("after partial update: %+v", c)
		}
		if _, err := s.Customer(ctx, "nope"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("missing customer: %v", err)
		}
		// Duplicate ids in one batch: the last wins, no constraint error.
		d1 := &model.Customer{ID: "D", Name: "first"}
		d2 := &model.Customer{ID: "D", Name: "second"}
		write([]*model.Customer{d1, d2}, all)
		if c, _ := s.Customer(ctx, "D"); c == nil || c.Name != "second" {
			t.Fatalf("duplicate ids: %+v", c)
		}
	})
}

func TestOrdersRoundTripAndResolve(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
		orders := []*model.Order{
			{OrderID: "O1", Line: 1, CustomerID: "X", OrderedAt: at, Quantity: 2, UnitPrice: 1050, Amount: 2100, Cost: 1500, HasCost: true, Category: "茶叶", Status: model.StatusPaid},
			{OrderID: "O1", Line: 2, CustomerID: "X", OrderedAt: at, Quantity: -1, Amount: -1050, Status: model.StatusPaid},
			{OrderID: "O2", Line: 1, CustomerID: "Y", OrderedAt: at.Add(time.Hour), Amount: 99, Discount: 10, Status: model.StatusRefunded},
		}
		var created int
		var wc store.WriteCounts
		load := func() {
			t.Helper()
			err := s.Write(ctx, func(tx *store.Tx) error {
				m, n, err := tx.ResolveCustomers(ctx, []string{"X", "Y", "X"}, true)
				if err != nil {
					return err
				}
				created = n
				ids := make([]int64, len(orders))
				for i, o := range orders {
					ids[i] = m[o.CustomerID]
				}
				max, _ := tx.MaxID(ctx, "orders")
				wc, err = tx.UpsertOrders(ctx, orders, ids, max)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		load()
		if created != 2 || wc.Inserted != 3 {
			t.Fatalf("first load: created %d, %+v", created, wc)
		}
		load()
		if created != 0 || wc != (store.WriteCounts{Unchanged: 3}) {
			t.Fatalf("second load: created %d, %+v", created, wc)
		}
		var got []model.Order
		if err := s.EachOrder(ctx, func(o *model.Order) error { got = append(got, *o); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("read %d orders", len(got))
		}
		for i := range got {
			if got[i] != *orders[i] {
				t.Errorf("order %d: got %+v want %+v", i, got[i], *orders[i])
			}
		}
		n, err := s.Counts(ctx)
		if err != nil || n["customers"] != 2 || n["orders"] != 3 {
			t.Fatalf("counts %v %v", n, err)
		}
	})
}

func TestWriteRollsBackOnError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := s.Write(ctx, func(tx *store.Tx) error {
			if _, _, err := tx.ResolveCustomers(ctx, []string{"Z"}, true); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err %v", err)
		}
		n, _ := s.Counts(ctx)
		if n["customers"] != 0 {
			t.Fatalf("rolled back write left %d customers", n["customers"])
		}
	})
}

func TestBulkLoadRebuildsTheSchemaIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		before, err := s.IndexDefinitions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		dup := []*model.Order{
			{OrderID: "O", Line: 1, CustomerID: "X", OrderedAt: at, Amount: 1, Status: model.StatusPaid},
			{OrderID: "O", Line: 1, CustomerID: "X", OrderedAt: at, Amount: 2, Status: model.StatusPaid},
		}
		load := func(os []*model.Order) error {
			return s.Write(ctx, func(tx *store.Tx) error {
				m, _, err := tx.ResolveCustomers(ctx, []string{"X"}, true)
				if err != nil {
					return err
				}
				if _, err := tx.BeginBulk(ctx, "orders"); err != nil {
					return err
				}
				if _, err := tx.UpsertOrders(ctx, os, []int64{m["X"], m["X"]}[:len(os)], 0); err != nil {
					return err
				}
				return tx.EndBulk(ctx, "orders")
			})
		}
		// A duplicate key in a bulk load fails the whole transaction.
		if err := load(dup); err == nil {
			t.Fatal("duplicate key accepted in bulk mode")
		}
		if n, _ := s.Counts(ctx); n["orders"] != 0 || n["customers"] != 0 {
			t.Fatalf("failed bulk load left %v", n)
		}
		if err := load(dup[:1]); err != nil {
			t.Fatal(err)
		}
		// Columns holding their defaults are left out of bulk inserts: they
		// must read back the same.
		var got []model.Order
		s.EachOrder(ctx, func(o *model.Order) error { got = append(got, *o); return nil })
		if len(got) != 1 || got[0] != *dup[0] {
			t.Fatalf("bulk-loaded order %+v, want %+v", got, *dup[0])
		}
		after, err := s.IndexDefinitions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(before) != len(after) {
			t.Fatalf("indexes before %v after %v", before, after)
		}
		for k, v := range before {
			if after[k] != v {
				t.Errorf("index %s: before %q after %q", k, v, after[k])
			}
		}
	})
}
