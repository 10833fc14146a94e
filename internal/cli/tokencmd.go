package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"strata/internal/auth"
)

// runToken manages API tokens from the server's shell, e.g. to give an
// integration its first token without a browser.
func runToken(ctx context.Context, e *env, args []string) error {
	const usage = "strata token add NAME --user USER [--role ROLE] [--days N] | list [--user USER] | revoke ID"
	f := newFlags(e, "token", usage)
	user := f.String("user", "", "the user the token acts as")
	role := f.String("role", "", "the token's role (default: the user's; only an admin's token may have another)")
	days := f.Int("days", 366, "days until the token expires (1 to 366)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return &usageError{"usage: " + usage}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	principal := func() (auth.Principal, error) {
		if *user == "" {
			return auth.Principal{}, &usageError{"--user is required"}
		}
		u, err := a.Store.UserByName(ctx, *user)
		if err != nil {
			return auth.Principal{}, err
		}
		return auth.Principal{User: u.Name, Role: auth.Role(u.Role)}, nil
	}
	switch {
	case pos[0] == "add" && len(pos) == 2:
		if *days < 1 || *days > 366 {
			return &usageError{fmt.Sprintf("--days %d: want 1 to 366", *days)}
		}
		p, err := principal()
		if err != nil {
			return err
		}
		text, info, err := a.Core.CreateToken(ctx, p, pos[1], auth.Role(*role), time.Duration(*days)*24*time.Hour, time.Now())
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]any{"token": text, "info": info})
		}
		fmt.Fprintln(e.stdout, e.p.T("token_created", info.ID, info.User, info.Role, info.Expires.Format("2006-01-02")))
		fmt.Fprintln(e.stdout, text)
		return nil
	case pos[0] == "list" && len(pos) == 1:
		p := auth.Principal{Role: auth.Admin} // every user's tokens
		if *user != "" {
			if p, err = principal(); err != nil {
				return err
			}
			p.Role = auth.Sales // only this user's
		}
		ts, err := a.Core.Tokens(ctx, p)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(ts)
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "id\tname\tuser\trole\tcreated\texpires\tlast used\trevoked")
		day := func(t *time.Time) string {
			if t == nil {
				return "-"
			}
			return t.Format("2006-01-02")
		}
		for _, t := range ts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.User, t.Role, t.Created.Format("2006-01-02"), day(t.Expires), day(t.LastUsed), day(t.Revoked))
		}
		return tw.Flush()
	case pos[0] == "revoke" && len(pos) == 2:
		if err := a.Core.RevokeToken(ctx, auth.Principal{User: e.actor(), Role: auth.Admin}, pos[1], time.Now()); err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]string{"token": pos[1], "done": "revoke"})
		}
		fmt.Fprintln(e.stdout, e.p.T("token_revoked", pos[1]))
		return nil
	}
	return &usageError{"usage: " + usage}
}
