package store

import (
	"reflect"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

func init() { sqlite.RegisterConnectionHook(multiThread) }

// multiThread puts a newly opened SQLite connection in SQLite's
// multi-thread mode: the connection's own mutex is dropped, as
// SQLITE_OPEN_NOMUTEX (mattn/go-sqlite3's _mutex=no) would have it.
//
// The driver opens every connection with SQLITE_OPEN_FULLMUTEX and offers
// no option, so each sqlite3_step and each sqlite3_column_* call takes and
// releases the connection's recursive mutex: a classification load of ten
// million order lines spends about a third of its CPU there. The mutex
// only serialises concurrent use of one connection, which database/sql
// never does (a driver connection has one user at a time; the driver's own
// per-connection state is not safe for concurrent use either, see its
// documentation of Conn.Raw). What several connections share (the WAL
// index, file locks, the page cache allocator) has its own static mutexes,
// which are untouched.
//
// If the driver's connection no longer has the expected shape, the
// connection is left as the driver opened it (TestConnectionsAreMultiThread
// fails, so an upgrade that changes the layout is noticed).
func multiThread(c sqlite.ExecQuerierContext, _ string) error {
	db := connHandle(c)
	if db == nil || db.Fmutex == 0 {
		return nil
	}
	m := db.Fmutex
	db.Fmutex = 0
	tls := libc.NewTLS()
	sqlite3.Xsqlite3_mutex_free(tls, m) // nobody holds it: the connection is not yet handed out
	tls.Close()
	return nil
}

// connHandle is the sqlite3 object behind the driver's connection, or nil.
func connHandle(c any) *sqlite3.Tsqlite3 {
	v := reflect.ValueOf(c)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := v.Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Uintptr || f.Uint() == 0 {
		return nil
	}
	p := uintptr(f.Uint()) // C memory (the libc allocator), never moved by Go
	return *(**sqlite3.Tsqlite3)(unsafe.Pointer(&p))
}
