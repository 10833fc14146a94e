package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrBackupUnsupported means Backup does not handle this engine.
var ErrBackupUnsupported = errors.New("backup of a PostgreSQL database: use pg_dump (e.g. pg_dump -Fc -f strata.dump DSN)")

// Backup writes a consistent copy of a SQLite database to path with VACUUM
// INTO: into a temporary file beside path, synced, then renamed into place,
// so that path is either the old file or a complete backup. Personal
// fields stay encrypted in the copy; the key file is not part of it and
// must be kept apart. On PostgreSQL it is ErrBackupUnsupported.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != SQLite {
		return ErrBackupUnsupported
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".tmp*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	name := tmp.Name()
	tmp.Close()
	// VACUUM INTO refuses an existing file.
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(name)
	if _, err := s.write.ExecContext(ctx, `VACUUM INTO $1`, name); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	err = f.Chmod(0o600)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, abs)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if d, err := os.Open(filepath.Dir(abs)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Checkpoint copies the SQLite write-ahead log into the database file
// (PRAGMA wal_checkpoint(FULL)); a no-op on PostgreSQL.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	if _, err := s.write.ExecContext(ctx, `PRAGMA wal_checkpoint(FULL)`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
