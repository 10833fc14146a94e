package auth

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"strata/internal/model"
)

// TestRoleActionMatrix pins every role's permission for every action.
func TestRoleActionMatrix(t *testing.T) {
	y, n := true, false
	want := map[Action]map[Role]bool{
		//                  admin manager analyst sales service
		ViewCustomer:      {Admin: y, Manager: y, Analyst: y, Sales: y, Service: y},
		EditCustomer:      {Admin: y, Manager: y, Analyst: n, Sales: y, Service: n},
		DeleteCustomer:    {Admin: y, Manager: y, Analyst: n, Sales: n, Service: n},
		ListCustomers:     {Admin: y, Manager: y, Analyst: y, Sales: y, Service: y},
		Export:            {Admin: y, Manager: y, Analyst: n, Sales: y, Service: n},
		ViewUnmasked:      {Admin: y, Manager: y, Analyst: n, Sales: y, Service: n},
		ManageUsers:       {Admin: y, Manager: n, Analyst: n, Sales: n, Service: n},
		ManageSchemes:     {Admin: y, Manager: y, Analyst: y, Sales: n, Service: n},
		RunClassification: {Admin: y, Manager: y, Analyst: y, Sales: n, Service: n},
		ViewAggregates:    {Admin: y, Manager: y, Analyst: y, Sales: n, Service: n},
		ViewTickets:       {Admin: y, Manager: y, Analyst: n, Sales: y, Service: y},
		EditTickets:       {Admin: y, Manager: y, Analyst: n, Sales: n, Service: y},
		ManageStrategies:  {Admin: y, Manager: y, Analyst: n, Sales: n, Service: n},
		PrivacyRequests:   {Admin: y, Manager: y, Analyst: n, Sales: n, Service: n},
		ViewAudit:         {Admin: y, Manager: n, Analyst: n, Sales: n, Service: n},
	}
	if len(want) != len(Actions) {
		t.Fatalf("the matrix covers %d of %d actions", len(want), len(Actions))
	}
	for _, a := range Actions {
		for _, r := range Roles {
			if got := (Principal{User: "u", Role: r}).Can(a); got != want[a][r] {
				t.Errorf("%s may %s: %v, want %v", r, a, got, want[a][r])
			}
		}
	}
	if (Principal{Role: "root"}).Can(ViewCustomer) {
		t.Error("an unknown role is allowed something")
	}
}

// TestVisibilityMatrix: role × (own, another user's, pool, ticket-linked)
// customer. Invisible customers are answered as not found by the callers.
func TestVisibilityMatrix(t *testing.T) {
	own := CustomerRef{Owner: "alice"}
	other := CustomerRef{Owner: "bob"}
	pool := CustomerRef{}
	ticketed := CustomerRef{Owner: "bob", TicketStaff: []string{"alice"}}
	cases := []struct {
		role                         Role
		own, other, pool, ticketed   bool // CanSee
		editOwn, editOther, editPool bool // CanEdit
	}{
		{Admin, true, true, true, true, true, true, true},
		{Manager, true, true, true, true, true, true, true},
		{Analyst, true, true, true, true, false, false, false},
		{Sales, true, false, true, false, true, false, false},
		{Service, false, false, false, true, false, false, false},
	}
	for _, c := range cases {
		p := Principal{User: "alice", Role: c.role}
		for name, pair := range map[string][2]bool{
			"own": {p.CanSee(own), c.own}, "other": {p.CanSee(other), c.other}, "pool": {p.CanSee(pool), c.pool},
			"ticketed": {p.CanSee(ticketed), c.ticketed}, "edit own": {p.CanEdit(own), c.editOwn},
			"edit other": {p.CanEdit(other), c.editOther}, "edit pool": {p.CanEdit(pool), c.editPool},
		} {
			if pair[0] != pair[1] {
				t.Errorf("%s, %s customer: %v, want %v", c.role, name, pair[0], pair[1])
			}
		}
	}
	if s := (Principal{User: "x", Role: "nobody"}).Scope(); s.All || len(s.Owners) > 0 || s.IncludePool || s.TicketStaff != "" {
		t.Errorf("unknown role scope %+v", s)
	}
}

func TestMask(t *testing.T) {
	cases := []struct{ field, in, want string }{
		{FieldPhone, "13812341234", "138****1234"},
		{FieldPhone, "+8613812341234", "+86*******1234"},
		{FieldPhone, "12345", "***45"},
		{FieldPhone, "1", "*"},
		{FieldEmail, "zhang.san@example.com", "z***@example.com"},
		{FieldEmail, "张三@例子.中国", "张***@例子.中国"},
		{FieldEmail, "not-an-email", "***"},
		{FieldName, "张三丰", "张**"},
		{FieldName, "Jonathan", "J***"},
		{FieldName, "李", "*"},
		{FieldAddress, "上海市浦东新区世纪大道100号", "上海市浦东新***"},
		{FieldAddress, "短地址", "***"},
		{FieldIDNo, "110101199003071234", "1101**********1234"},
		{FieldPhone, "", ""},
		{FieldName, "\xff\xfe", "***"},
		{"unknown", "secret", "***"},
	}
	for _, c := range cases {
		if got := Mask(c.field, c.in); got != c.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", c.field, c.in, got, c.want)
		}
	}
	c := &model.Customer{Name: "张三", Phone: "13812341234", Email: "z@x.cn", Address: "北京市海淀区中关村大街1号", IDNumber: "11010519491231002X"}
	Principal{Role: Analyst}.MaskCustomer(c)
	if c.Name != "张*" || c.Phone != "138****1234" || c.Email != "z***@x.cn" || strings.Contains(c.Address, "中关村") || c.IDNumber != "1101**********002X" {
		t.Errorf("analyst view %+v", c)
	}
	c2 := &model.Customer{Name: "张三", Phone: "13812341234", IDNumber: "11010519491231002X"}
	Principal{Role: Manager}.MaskCustomer(c2)
	if c2.Name != "张三" || c2.Phone != "13812341234" || c2.IDNumber != "11010519491231002X" {
		t.Errorf("manager view %+v", c2)
	}
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"13812341234", "a@b.c", "张三", "", "\xff", "@@@", "1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, field := range []string{FieldName, FieldPhone, FieldEmail, FieldAddress, FieldIDNo, "x"} {
			m := Mask(field, s)
			if s != "" && !strings.Contains(m, "*") {
				t.Fatalf("Mask(%s, %q) = %q masks nothing", field, s, m)
			}
			if s != "" && len([]rune(m)) > len([]rune(s))+4 && field != FieldEmail {
				t.Fatalf("Mask(%s, %q) = %q", field, s, m)
			}
		}
	})
}

func TestPasswords(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q %v", h, err)
	}
	if ok, rehash, err := CheckPassword(h, "correct horse battery"); !ok || rehash || err != nil {
		t.Fatalf("right password: %v %v %v", ok, rehash, err)
	}
	if ok, _, _ := CheckPassword(h, "wrong horse battery"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery")
	if h2 == h {
		t.Fatal("two hashes of one password share a salt")
	}
	weaker := strings.Replace(h, "t=2", "t=1", 1)
	if _, rehash, err := CheckPassword(weaker, "x"); err != nil || !rehash {
		t.Fatalf("old parameters must ask for a rehash: %v %v", rehash, err)
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA", "plain"} {
		if _, _, err := CheckPassword(bad, "x"); !errors.Is(err, ErrBadHash) {
			t.Errorf("CheckPassword(%q): %v", bad, err)
		}
	}
	for pw, ok := range map[string]bool{"short": false, "aaaaaaaaaaaa": false, "Alice12345": false, "a-long enough pass": true} {
		if err := CheckPolicy("alice12345", pw); (err == nil) != ok {
			t.Errorf("policy(%q) = %v", pw, err)
		}
	}
}

func key(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func TestKeyringEncryptRotateTamper(t *testing.T) {
	old, err := NewKeyring("k1", map[string][]byte{"k1": key(1)})
	if err != nil {
		t.Fatal(err)
	}
	ct, err := old.Encrypt("13812341234")
	if err != nil || strings.Contains(ct, "13812341234") || !strings.HasPrefix(ct, "v1:k1:") {
		t.Fatalf("ciphertext %q %v", ct, err)
	}
	if again, _ := old.Encrypt("13812341234"); again == ct {
		t.Fatal("encryption is deterministic (nonce reuse)")
	}
	rotated, _ := NewKeyring("k2", map[string][]byte{"k1": key(1), "k2": key(2)})
	if pt, err := rotated.Decrypt(ct); err != nil || pt != "13812341234" {
		t.Fatalf("old ciphertext after rotation: %q %v", pt, err)
	}
	if ct2, _ := rotated.Encrypt("x"); !strings.HasPrefix(ct2, "v1:k2:") {
		t.Fatalf("new values must use the new key: %q", ct2)
	}
	b := []byte(ct)
	b[len(b)-3] ^= 1
	if _, err := old.Decrypt(string(b)); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("tampered ciphertext: %v", err)
	}
	other, _ := NewKeyring("k1", map[string][]byte{"k1": key(9)})
	if _, err := other.Decrypt(ct); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("wrong key: %v", err)
	}
	if _, err := NewKeyring("k1", map[string][]byte{"k1": key(1)[:16]}); err == nil {
		t.Fatal("short key accepted")
	}
	// Blind index: stable, normalised, key-dependent, not the plaintext.
	a := old.BlindIndex(FieldPhone, "138-1234-1234")
	if a != old.BlindIndex(FieldPhone, "13812341234") || a == other.BlindIndex(FieldPhone, "13812341234") || strings.Contains(a, "1381234") {
		t.Fatal("blind index")
	}
	if old.BlindIndex(FieldEmail, "Z@X.cn ") != old.BlindIndex(FieldEmail, "z@x.cn") {
		t.Fatal("e-mail blind index is not case-insensitive")
	}
}

func TestAuditChainDetectsTampering(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	entries := []AuditEntry{
		{At: at, Actor: "alice", Action: "login", Outcome: "ok", Address: "10.0.0.1"},
		{At: at.Add(time.Minute), Actor: "alice", Action: "export", Object: "segment", ID: "rfm8/important_value", Outcome: "ok"},
		{At: at.Add(2 * time.Minute), Actor: "bob", Action: "delete", Object: "customer", ID: "1234", Outcome: "ok"},
	}
	var hashes [][]byte
	var prev []byte
	for _, e := range entries {
		prev = ChainHash(prev, e)
		hashes = append(hashes, prev)
	}
	if i := VerifyChain(entries, hashes); i != -1 {
		t.Fatalf("intact chain fails at %d", i)
	}
	edited := append([]AuditEntry(nil), entries...)
	edited[1].Actor = "mallory"
	if i := VerifyChain(edited, hashes); i != 1 {
		t.Fatalf("edit detected at %d, want 1", i)
	}
	if i := VerifyChain([]AuditEntry{entries[0], entries[2]}, [][]byte{hashes[0], hashes[2]}); i != 1 {
		t.Fatalf("deletion detected at %d, want 1", i)
	}
	if i := VerifyChain(entries[:2], hashes); i != 2 {
		t.Fatalf("truncated entries detected at %d, want 2", i)
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		HashPassword("correct horse battery")
	}
}

func BenchmarkEncryptDecrypt(b *testing.B) {
	k, _ := NewKeyring("k", map[string][]byte{"k": key(3)})
	for b.Loop() {
		ct, _ := k.Encrypt("13812341234")
		k.Decrypt(ct)
	}
}
