package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"strata/internal/ingest"
)

func runExport(ctx context.Context, e *env, args []string) error {
	const usage = "strata export customers|orders|interactions|surveys|tickets|classes|segment --out FILE [--format csv|xlsx] [--run RUN] [--scheme NAME --class CLASS]"
	f := newFlags(e, "export", usage)
	out := f.String("out", "", "output file (required)")
	format := f.String("format", "", "csv or xlsx (default: from the --out extension, else csv)")
	run := f.Int64("run", 0, "classes/segment: the run to export (default: the latest)")
	scheme := f.String("scheme", "", "segment: the scheme, e.g. rfm8")
	class := f.String("class", "", "segment: the class key or label, e.g. important_value or 重要价值客户")
	purpose := f.String("purpose", "", "classes/segment: leave out customers who withdrew consent for this purpose (e.g. marketing)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return &usageError{e.p.T("missing_args", "export", usage)}
	}
	var kind ingest.Kind
	if pos[0] != "classes" && pos[0] != "segment" {
		if kind, err = ingest.ParseKind(pos[0]); err != nil {
			return &usageError{err.Error()}
		}
	}
	fm := strings.ToLower(*format)
	if fm == "" {
		fm = ingest.FormatCSV
		if strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			fm = ingest.FormatXLSX
		}
	}
	if fm != ingest.FormatCSV && fm != ingest.FormatXLSX {
		return &usageError{fmt.Sprintf("--format %q: want csv or xlsx", *format)}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if kind == "" {
		return exportClasses(ctx, e, a, pos[0], *run, *scheme, *class, *purpose, fm, *out)
	}
	n, err := writeFileAtomically(*out, func(w io.Writer) (int, error) { return a.Core.Export(ctx, kind, fm, w) })
	if err != nil {
		return err
	}
	if err := a.Core.Audit(ctx, e.actor(), "export", string(kind), "", fmt.Sprintf("ok: %d rows", n)); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"kind": kind, "rows": n, "file": *out, "format": fm})
	}
	fmt.Fprintln(e.stdout, e.p.T("export_done", n, kind, *out))
	return nil
}

// writeFileAtomically writes through a temporary file beside path and
// renames it into place at the end, so a failed export never leaves a
// truncated file under the real name.
func writeFileAtomically(path string, write func(io.Writer) (int, error)) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return n, err
}
