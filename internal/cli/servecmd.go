package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"strata/internal/auth"
	"strata/internal/httpapi"
	"strata/internal/model"
)

func runServe(ctx context.Context, e *env, args []string) error {
	const usage = "strata serve [--addr 127.0.0.1:8080]"
	f := newFlags(e, "serve", usage)
	addr := f.String("addr", "127.0.0.1:8080", "listen address")
	if _, err := f.parse(args); err != nil {
		return err
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	// Refuse to serve a database nobody can administer.
	users, err := a.Store.Users(ctx)
	if err != nil {
		return err
	}
	admin := false
	for _, u := range users {
		admin = admin || (u.Role == string(auth.Admin) && !u.Disabled)
	}
	if !admin {
		return fmt.Errorf("%s: %w", e.p.T("serve_no_admin"), model.ErrInvalid)
	}
	// One structured line per request (route pattern, status, duration; no
	// personal data) to stderr.
	reqLog := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	api := httpapi.New(a.Core, reqLog)
	defer api.Close()
	// Build the latest run's list index in the background so that the
	// first filtered list does not pay for it.
	go func() {
		if err := a.Core.WarmIndex(ctx); err != nil && !errors.Is(err, model.ErrNotFound) {
			a.Log.Warn("warming the list index", "err", err)
		}
	}()
	srv := &http.Server{Handler: api.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, e.p.T("serve_listening", ln.Addr().String(), a.Store.Redacted()))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Graceful stop: finish requests in flight for up to 15 seconds.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
