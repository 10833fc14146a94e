package cli

import (
	"bufio"
	"context"
	"fmt"
	"os/user"
	"strings"
	"text/tabwriter"

	"strata/internal/auth"
	"strata/internal/store"
)

// actor names the person behind a CLI command in the audit log.
func (e *env) actor() string {
	if u := e.getenv("USER"); u != "" {
		return "cli:" + u
	}
	if u, err := user.Current(); err == nil {
		return "cli:" + u.Username
	}
	return "cli"
}

// readPassword takes the password from STRATA_PASSWORD or the first line
// of standard input (never from a flag, which would end up in the shell
// history and the process list).
func (e *env) readPassword() (string, error) {
	if p := e.getenv("STRATA_PASSWORD"); p != "" {
		return p, nil
	}
	if e.stdin == nil {
		return "", &usageError{"give the password on standard input or in STRATA_PASSWORD"}
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		if err != nil {
			return "", &usageError{"give the password on standard input or in STRATA_PASSWORD"}
		}
	}
	return line, nil
}

func runUser(ctx context.Context, e *env, args []string) error {
	const usage = "strata user add NAME --role admin|manager|analyst|sales|service [--display NAME] | list | disable NAME | enable NAME | passwd NAME   (password on stdin or STRATA_PASSWORD)"
	f := newFlags(e, "user", usage)
	role := f.String("role", "", "role of a new user")
	display := f.String("display", "", "display name of a new user")
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
	switch {
	case pos[0] == "list" && len(pos) == 1:
		us, err := a.Store.Users(ctx)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(us)
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "name\trole\tdisabled\tcreated")
		for _, u := range us {
			fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", u.Name, u.Role, u.Disabled, u.CreatedAt.Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	case pos[0] == "add" && len(pos) == 2:
		pw, err := e.readPassword()
		if err != nil {
			return err
		}
		if err := a.Core.AddUser(ctx, e.actor(), pos[1], *display, auth.Role(*role), pw); err != nil {
			return err
		}
	case pos[0] == "passwd" && len(pos) == 2:
		pw, err := e.readPassword()
		if err != nil {
			return err
		}
		if err := a.Core.SetPassword(ctx, e.actor(), pos[1], pw); err != nil {
			return err
		}
	case (pos[0] == "disable" || pos[0] == "enable") && len(pos) == 2:
		if err := a.Core.SetUserDisabled(ctx, e.actor(), pos[1], pos[0] == "disable"); err != nil {
			return err
		}
	default:
		return &usageError{"usage: " + usage}
	}
	if e.json {
		return e.printJSON(map[string]string{"user": pos[1], "done": pos[0]})
	}
	fmt.Fprintln(e.stdout, e.p.T("user_done", pos[0], pos[1]))
	return nil
}

func runAudit(ctx context.Context, e *env, args []string) error {
	const usage = "strata audit verify | list"
	f := newFlags(e, "audit", usage)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "verify" && pos[0] != "list") {
		return &usageError{"usage: " + usage}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if pos[0] == "verify" {
		n, err := a.Core.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]any{"records": n, "intact": true})
		}
		fmt.Fprintln(e.stdout, e.p.T("audit_ok", n))
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tat\tactor\taction\tobject\tid\toutcome")
	var rows []map[string]any
	err = a.Store.EachAudit(ctx, func(r *store.AuditRow) error {
		if e.json {
			rows = append(rows, map[string]any{"id": r.ID, "at": r.At, "actor": r.Actor, "action": r.Action, "object": r.Object, "object_id": r.ObjectID, "outcome": r.Outcome})
			return nil
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.At.Format("2006-01-02 15:04:05"), r.Actor, r.Action, r.Object, r.ObjectID, r.Outcome)
		return nil
	})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(rows)
	}
	return tw.Flush()
}
