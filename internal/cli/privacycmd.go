package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
)

func runPrivacy(ctx context.Context, e *env, args []string) error {
	const usage = "strata privacy export CUSTOMER_ID [--out FILE.json] | erase CUSTOMER_ID --yes"
	f := newFlags(e, "privacy", usage)
	out := f.String("out", "", "export: write the JSON to this file (default: stdout)")
	yes := f.Bool("yes", false, "erase: confirm; personal data cannot be restored")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != "export" && pos[0] != "erase") {
		return &usageError{"usage: " + usage}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	switch pos[0] {
	case "export":
		x, err := a.Core.ExportSubject(ctx, e.actor(), pos[1])
		if err != nil {
			return err
		}
		if *out == "" {
			return e.printJSON(x)
		}
		_, err = writeFileAtomically(*out, func(w io.Writer) (int, error) {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return 1, enc.Encode(x)
		})
		return err
	default:
		if !*yes {
			return &usageError{e.p.T("erase_confirm", pos[1])}
		}
		id, err := a.Core.EraseSubject(ctx, e.actor(), pos[1])
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]string{"erased": pos[1], "now": id})
		}
		fmt.Fprintln(e.stdout, e.p.T("erased", id))
		return nil
	}
}

func runConsent(ctx context.Context, e *env, args []string) error {
	const usage = "strata consent CUSTOMER_ID --purpose marketing --grant|--withdraw"
	f := newFlags(e, "consent", usage)
	purpose := f.String("purpose", "marketing", "purpose of the consent")
	grant := f.Bool("grant", false, "the customer consents")
	withdraw := f.Bool("withdraw", false, "the customer withdraws consent")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *grant == *withdraw {
		return &usageError{"usage: " + usage}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Core.SetConsent(ctx, e.actor(), pos[0], *purpose, *grant); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"customer": pos[0], "purpose": *purpose, "granted": *grant})
	}
	fmt.Fprintln(e.stdout, e.p.T("consent_done", pos[0], *purpose, *grant))
	return nil
}
