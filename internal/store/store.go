// Package store is the only package that talks to the database. It owns the
// schema (embedded, append-only migrations per dialect), the connection
// pools and every SQL statement. The same statement text runs on SQLite and
// PostgreSQL wherever possible: both accept $N placeholders, ON CONFLICT
// upserts, RETURNING and IS DISTINCT FROM.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names a database engine.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options tunes Open. The zero value is the safe default.
type Options struct {
	// SyncNormal relaxes SQLite's synchronous=FULL to NORMAL (WAL keeps the
	// database consistent, but the last transactions may be lost on power
	// failure). Off by default.
	SyncNormal bool
	// MaxReaders bounds the read pool; 0 means 2×GOMAXPROCS.
	MaxReaders int
	// Cipher encrypts phone, email, address and ID number at rest and
	// computes their blind indexes. Nil stores them in plain text (tools
	// and tests only: the application always passes its keyring); reading
	// an encrypted value without a cipher is ErrNoKey.
	Cipher FieldCipher
}

// Store is a handle on one Strata database. It is safe for concurrent use.
type Store struct {
	dialect Dialect
	read    *sql.DB // read pool
	write   *sql.DB // write pool: exactly one connection on SQLite
	dsn     string
	cipher  FieldCipher
	// resealed counts the customers Open encrypted or re-encrypted.
	resealed int
	stmts    stmtCache // prepared statements of hot reads
}

// Open connects to dsn and brings the schema up to date. A dsn starting with
// postgres:// or postgresql:// selects PostgreSQL; anything else is a SQLite
// file path (":memory:" is refused: every pooled connection would see a
// different database).
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	s, err := open(dsn, opt)
	if err != nil {
		return nil, err
	}
	if err := s.write.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to %s: %w", s.Redacted(), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	s.cipher = opt.Cipher
	if need, err := s.needsReseal(ctx); err != nil || need {
		if err == nil {
			s.resealed, err = s.Reseal(ctx)
		}
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("encrypting personal data: %w", err)
		}
	}
	return s, nil
}

func open(dsn string, opt Options) (*Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
		db.SetConnMaxIdleTime(5 * time.Minute)
		return &Store{dialect: Postgres, read: db, write: db, dsn: dsn}, nil
	}
	if dsn == "" || dsn == ":memory:" || strings.Contains(dsn, "mode=memory") {
		return nil, errors.New("store: a SQLite database needs a file path")
	}
	path := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	sync := "FULL"
	if opt.SyncNormal {
		sync = "NORMAL"
	}
	// busy_timeout comes first so that every later pragma already waits
	// instead of failing with SQLITE_BUSY.
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(" + sync + ")&_time_format=sqlite"
	// The writer's page cache is raised only for bulk loads (BeginBulk),
	// so that big import transactions do not spill pages to the WAL.
	w, err := sql.Open("sqlite", base+"&_pragma=temp_store(memory)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	// One writer: SQLite serialises writers anyway; queueing them in the
	// pool instead of in busy loops removes "database is locked" errors.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	n := opt.MaxReaders
	if n <= 0 {
		n = 2 * runtime.GOMAXPROCS(0)
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &Store{dialect: SQLite, read: r, write: w, dsn: dsn}, nil
}

// Dialect reports the engine behind s.
func (s *Store) Dialect() Dialect { return s.dialect }

// Redacted returns the DSN with any password masked, for messages and logs.
func (s *Store) Redacted() string { return RedactDSN(s.dsn) }

// RedactDSN masks the password of a URL-style DSN.
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Close releases both pools.
func (s *Store) Close() error {
	s.stmts.close()
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Tx is a write transaction. Core opens it with Store.Write; every write
// method hangs off it so that a use case's writes commit or roll back
// together.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	stmts   map[string]*sql.Stmt
	now     int64
	bulk    map[string]bool // tables in bulk-load mode (see BeginBulk)
	// bigCache is set when BeginBulk raised the connection's page cache.
	bigCache bool
	cipher   FieldCipher
	st       *Store
	// markedPlain is set once markPlaintext recorded plain-text writes.
	markedPlain bool
	// bidxDropped is set while a customer load runs without the
	// blind-index indexes (BeginBulk).
	bidxDropped bool
}

// Write runs fn in one write transaction: committed when fn returns nil,
// rolled back otherwise (also on panic).
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	return s.writeOn(ctx, s.write, fn, nil)
}

// txStarter is the write pool, or one connection taken from it.
type txStarter interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// writeOn is Write on the given pool or connection; check, if not nil,
// runs after fn succeeded and before the commit.
func (s *Store) writeOn(ctx context.Context, on txStarter, fn, check func(*Tx) error) (err error) {
	sqlTx, err := on.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, dialect: s.dialect, stmts: map[string]*sql.Stmt{}, now: time.Now().Unix(), cipher: s.cipher, st: s}
	defer func() {
		for _, st := range tx.stmts {
			st.Close()
		}
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
		} else if cerr := sqlTx.Commit(); cerr != nil {
			err = fmt.Errorf("commit: %w", cerr)
		}
		if tx.bigCache {
			// Back to the default page cache (2 MB) once the load is over.
			on.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -2000")
		}
	}()
	if err := fn(tx); err != nil || check == nil {
		return err
	}
	return check(tx)
}

// stmt returns a statement prepared once per transaction for q.
func (tx *Tx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	tx.stmts[q] = st
	return st, nil
}
