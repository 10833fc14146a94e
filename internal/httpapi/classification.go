package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"strata/internal/auth"
	"strata/internal/core"
	"strata/internal/model"
)

// SchemeDTO is a stored scheme version with its definition.
type SchemeDTO struct {
	Name       string          `json:"name"`
	Version    int             `json:"version"`
	Active     bool            `json:"active"`
	Builtin    bool            `json:"builtin"`
	CreatedAt  time.Time       `json:"created_at"`
	Definition json.RawMessage `json:"definition"`
}

func schemeDTO(row *core.SchemeRow) SchemeDTO {
	return SchemeDTO{Name: row.Name, Version: row.Version, Active: row.Active, Builtin: row.Builtin,
		CreatedAt: row.CreatedAt, Definition: row.Definition}
}

// SchemeList lists schemes.
type SchemeList struct {
	Items []SchemeDTO `json:"items"`
}

func (s *Server) listSchemes(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	rows, err := s.svc.SchemesFor(r.Context(), p)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	out := SchemeList{Items: []SchemeDTO{}}
	for _, row := range rows {
		out.Items = append(out.Items, schemeDTO(&row))
	}
	writeJSON(w, 200, out)
}

func (s *Server) getScheme(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	row, err := s.svc.SchemeFor(r.Context(), p, r.PathValue("name"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(int64(row.Version)))
	writeJSON(w, 200, schemeDTO(row))
}

// putScheme saves a new version: If-Match names the version the edit
// started from; If-None-Match: * creates a scheme that must not exist.
func (s *Server) putScheme(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var from int64
	if r.Header.Get("If-None-Match") != "*" {
		var err error
		if from, err = ifMatch(r); err != nil {
			s.problem(w, r, err)
			return
		}
	}
	body, err := readBody(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	row, err := s.svc.SaveSchemeFor(r.Context(), p, r.PathValue("name"), body, int(from))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(int64(row.Version)))
	writeJSON(w, 200, schemeDTO(row))
}

// readBody reads a bounded JSON body without decoding it.
func readBody(r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); len(ct) < 16 || ct[:16] != "application/json" {
		return nil, model.Invalid("Content-Type", ct, "must be application/json")
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, model.Invalid("body", "", "could not be read")
	}
	if len(b) > maxBody {
		return nil, model.Invalid("body", "", fmt.Sprintf("is larger than %d bytes", maxBody))
	}
	if !json.Valid(b) {
		return nil, model.Invalid("body", "", "is not valid JSON")
	}
	return b, nil
}

// RunDTO is a classification run; Summary holds the per-scheme, per-class
// statistics and the timing of a finished run.
type RunDTO struct {
	ID         int64           `json:"id"`
	AsOf       string          `json:"as_of"`
	Status     string          `json:"status"`
	StartedAt  time.Time       `json:"started_at"`
	FinishedAt *time.Time      `json:"finished_at,omitempty"`
	Customers  int             `json:"customers"`
	Error      string          `json:"error,omitempty"`
	Summary    json.RawMessage `json:"summary,omitempty"`
}

func runDTO(run *core.RunRecord) RunDTO {
	d := RunDTO{ID: run.ID, AsOf: run.AsOf, Status: run.Status, StartedAt: run.StartedAt, Customers: run.Customers, Error: run.Error, Summary: run.Summary}
	if !run.FinishedAt.IsZero() {
		f := run.FinishedAt
		d.FinishedAt = &f
	}
	return d
}

// RunList lists runs, newest first.
type RunList struct {
	Items []RunDTO `json:"items"`
}

func (s *Server) listRuns(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	runs, err := s.svc.RunsFor(r.Context(), p)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	out := RunList{Items: []RunDTO{}}
	for i := range runs {
		d := runDTO(&runs[i])
		d.Summary = nil // GET /runs/{id} has it
		out.Items = append(out.Items, d)
	}
	writeJSON(w, 200, out)
}

func (s *Server) getRun(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, err := int64Param(r.PathValue("id"), "id")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	run, err := s.svc.RunFor(r.Context(), p, id)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, 200, runDTO(run))
}

func (s *Server) migrations(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	v := r.URL.Query()
	from, err := int64Param(v.Get("from"), "from")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	to, err := int64Param(v.Get("to"), "to")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if v.Get("scheme") == "" {
		s.problem(w, r, model.Invalid("scheme", "", "is required"))
		return
	}
	m, err := s.svc.MigrationsFor(r.Context(), p, v.Get("scheme"), from, to)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, 200, m)
}

// RunRequest starts a classification run.
type RunRequest struct {
	AsOf    string   `json:"as_of,omitempty"` // YYYY-MM-DD; default today in the business time zone
	Schemes []string `json:"schemes,omitempty"`
}

// JobDTO is a background job: a classification run started over the API.
type JobDTO struct {
	ID       string           `json:"id"`
	Kind     string           `json:"kind"`
	Status   string           `json:"status"`           // queued, running, done, failed
	Stage    string           `json:"stage,omitempty"`  // the current stage: loading, metrics, models, schemes, writing
	Stages   []string         `json:"stages,omitempty"` // the stages entered so far
	User     string           `json:"user"`
	Started  time.Time        `json:"started_at"`
	Finished *time.Time       `json:"finished_at,omitempty"`
	Seconds  float64          `json:"elapsed_seconds"`
	RunID    int64            `json:"run_id,omitempty"`
	Error    string           `json:"error,omitempty"`
	Result   *core.RunSummary `json:"result,omitempty"`
}

// jobs tracks the background runs of this process. One classification
// runs at a time; a second request while one runs is a conflict.
type jobs struct {
	mu    sync.Mutex
	byID  map[string]*JobDTO
	order []string
	seq   int
	busy  bool
	wg    sync.WaitGroup
	stop  context.CancelFunc
	ctx   context.Context
}

func newJobs() *jobs {
	ctx, stop := context.WithCancel(context.Background())
	return &jobs{byID: map[string]*JobDTO{}, ctx: ctx, stop: stop}
}

// maxJobs bounds the jobs a process remembers.
const maxJobs = 100

// errBusy answers 409 while a run is in progress.
var errBusy = fmt.Errorf("a classification run is already in progress: %w", model.ErrConflict)

func (s *Server) startRun(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var in RunRequest
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	asOf := s.now().In(s.svc.Location())
	if in.AsOf != "" {
		t, err := time.Parse(time.DateOnly, in.AsOf)
		if err != nil {
			s.problem(w, r, model.Invalid("as_of", in.AsOf, "must be YYYY-MM-DD"))
			return
		}
		asOf = t
	}
	if err := s.svc.CanClassify(p); err != nil {
		s.problem(w, r, err)
		return
	}
	j := s.jobs
	j.mu.Lock()
	if j.busy {
		j.mu.Unlock()
		s.problem(w, r, errBusy)
		return
	}
	j.busy = true
	j.seq++
	job := &JobDTO{ID: "job-" + strconv.Itoa(j.seq), Kind: "classify", Status: "running", Stage: "starting", User: p.User, Started: s.now().UTC()}
	j.byID[job.ID] = job
	j.order = append(j.order, job.ID)
	if len(j.order) > maxJobs { // keep the most recent jobs
		delete(j.byID, j.order[0])
		j.order = j.order[1:]
	}
	snapshot := *job
	j.mu.Unlock()
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		ctx := core.WithAddress(j.ctx, clientAddr(r))
		stage := func(st string) {
			j.mu.Lock()
			job.Stage, job.Stages = st, append(job.Stages, st)
			j.mu.Unlock()
		}
		sum, err := s.svc.ClassifyFor(ctx, p, core.ClassifyOptions{AsOf: asOf, Schemes: in.Schemes, Progress: stage})
		j.mu.Lock()
		defer j.mu.Unlock()
		j.busy = false
		now := s.now().UTC()
		job.Finished, job.Seconds, job.Stage = &now, now.Sub(job.Started).Seconds(), ""
		if err != nil {
			job.Status, job.Error = "failed", err.Error()
			return
		}
		job.Status, job.RunID, job.Result = "done", sum.RunID, sum
	}()
	w.Header().Set("Location", "/api/v1/jobs/"+job.ID)
	writeJSON(w, http.StatusAccepted, snapshot)
}

func (s *Server) getJob(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	j := s.jobs
	j.mu.Lock()
	job, ok := j.byID[r.PathValue("id")]
	var out JobDTO
	if ok {
		out = *job
		out.Stages = slices.Clone(job.Stages)
	}
	j.mu.Unlock()
	if !ok || (out.User != p.User && !p.Can(auth.ViewAggregates)) {
		s.problem(w, r, fmt.Errorf("job %q: %w", r.PathValue("id"), model.ErrNotFound))
		return
	}
	if out.Finished == nil {
		out.Seconds = s.now().UTC().Sub(out.Started).Seconds()
	}
	writeJSON(w, 200, out)
}

// Close stops accepting background work and waits for running jobs (a
// run that is cancelled is marked failed and leaves no snapshot).
func (s *Server) Close() {
	s.jobs.stop()
	s.jobs.wg.Wait()
}
