package demo

import (
	"slices"
	"testing"
)

func TestCatalogue(t *testing.T) {
	ps := Catalogue()
	if len(ps) != 60 {
		t.Fatalf("%d products, want 60", len(ps))
	}
	cats := Categories()
	perCat := map[string]int{}
	skus := map[string]bool{}
	for _, p := range ps {
		switch {
		case skus[p.SKU]:
			t.Fatalf("duplicate SKU %s", p.SKU)
		case !slices.Contains(cats, p.Category):
			t.Fatalf("%s: unknown category %s", p.SKU, p.Category)
		case p.Cost <= 0 || p.Cost >= p.Price:
			t.Fatalf("%s: cost %s, price %s", p.SKU, p.Cost, p.Price)
		case p.Price%100 != 0:
			t.Fatalf("%s: price %s is not whole yuan", p.SKU, p.Price)
		}
		skus[p.SKU] = true
		perCat[p.Category]++
	}
	if len(perCat) != 10 {
		t.Fatalf("%d categories in use", len(perCat))
	}
	for _, c := range PremiumCategories() {
		if perCat[c] == 0 {
			t.Fatalf("premium category %s has no products", c)
		}
	}
	// byCategory is sorted by price, which product matching relies on.
	for c, list := range byCategory {
		if !slices.IsSortedFunc(list, func(a, b int) int { return int(products[a].Price - products[b].Price) }) {
			t.Fatalf("category %d not sorted by price", c)
		}
	}
	ps[0].Name = "changed"
	if Catalogue()[0].Name == "changed" {
		t.Fatal("Catalogue returns the package's own slice")
	}
}

func TestStaff(t *testing.T) {
	names := Staff()
	members := StaffMembers()
	if len(names) != len(members) || len(names) < 10 {
		t.Fatalf("%d names, %d members", len(names), len(members))
	}
	seen := map[string]bool{}
	for i, m := range members {
		if seen[m.User] || m.User != names[i] || m.Name == "" {
			t.Fatalf("bad staff member %+v", m)
		}
		seen[m.User] = true
		if (m.Role == RoleSales) != (m.Region != "") || !slices.Contains([]string{RoleSales, RoleKeyAccount, RoleService}, m.Role) {
			t.Fatalf("role/region mismatch %+v", m)
		}
	}
	for r := range nRegions {
		if len(regionReps[r]) == 0 {
			t.Fatalf("region %s has no rep", regionNames[r])
		}
	}
	if len(keyAccounts) == 0 || len(agents) == 0 {
		t.Fatal("no key account managers or agents")
	}
}
