package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"strata/internal/app"
	"strata/internal/store"
)

func runKey(ctx context.Context, e *env, args []string) error {
	const usage = "strata key rotate [--drop-old]"
	f := newFlags(e, "key", usage)
	dropOld := f.Bool("drop-old", false, "after re-encrypting, remove the old keys from the key file (backups made before can then no longer be read with it)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "rotate" {
		return &usageError{"usage: " + usage}
	}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	r, err := app.RotateKey(ctx, cfg, e.actor(), *dropOld)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(r)
	}
	fmt.Fprintln(e.stdout, e.p.T("key_rotated", r.NewKey, r.Reencrypted, cfg.KeyFilePath()))
	if len(r.Dropped) > 0 {
		fmt.Fprintln(e.stdout, e.p.T("key_dropped", strings.Join(r.Dropped, ", ")))
	} else if len(r.Kept) > 0 {
		fmt.Fprintln(e.stdout, e.p.T("key_kept", strings.Join(r.Kept, ", ")))
	}
	return nil
}

func runBackup(ctx context.Context, e *env, args []string) error {
	const usage = "strata backup --out FILE"
	f := newFlags(e, "backup", usage)
	out := f.String("out", "", "backup file (written atomically)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *out == "" {
		return &usageError{"usage: " + usage}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Store.Backup(ctx, *out); err != nil {
		if errors.Is(err, store.ErrBackupUnsupported) {
			return errors.New(e.p.T("backup_pg"))
		}
		return err
	}
	if err := a.Core.Audit(ctx, e.actor(), "backup", "database", *out, "ok"); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]string{"backup": *out, "key_file": a.Config.KeyFilePath()})
	}
	fmt.Fprintln(e.stdout, e.p.T("backup_done", *out, a.Config.KeyFilePath()))
	return nil
}
