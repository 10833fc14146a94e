package httpapi

import (
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"strata/internal/auth"
	"strata/internal/core"
	"strata/internal/ingest"
	"strata/internal/model"
)

// An export is spooled to a temporary file before it is sent, so that an
// error midway answers with a problem instead of a cut file, without
// holding the file in memory.
func (s *Server) export(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	v := r.URL.Query()
	run, err := int64Param(v.Get("run"), "run")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	format := v.Get("format")
	if format == "" {
		format = ingest.FormatCSV
	}
	lang := v.Get("lang")
	if lang == "" {
		lang = "en"
		if al := r.Header.Get("Accept-Language"); len(al) >= 2 && al[:2] == "zh" {
			lang = "zh-CN"
		}
	}
	req := core.ExportRequest{Kind: r.PathValue("kind"), Format: format, Run: run, Scheme: v.Get("scheme"), Class: v.Get("class"),
		Purpose: v.Get("purpose"), Lang: lang}
	spool, err := os.CreateTemp("", "strata-export-*")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	defer func() {
		spool.Close()
		os.Remove(spool.Name())
	}()
	n, err := s.svc.ExportFor(r.Context(), p, req, spool)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	size, err := spool.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = spool.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	ct, ext := "text/csv; charset=utf-8", "csv"
	if format == ingest.FormatXLSX {
		ct, ext = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="strata-`+req.Kind+`.`+ext+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Strata-Rows", strconv.Itoa(n))
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(200)
	io.Copy(w, spool)
}

// UserDTO is a user account (never the password hash).
type UserDTO struct {
	Name      string    `json:"name"`
	Display   string    `json:"display,omitempty"`
	Role      string    `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	Version   int64     `json:"version"` // the ETag of PATCH /users/{name} is "v<version>"
}

func userDTO(u *core.User) UserDTO {
	return UserDTO{Name: u.Name, Display: u.Display, Role: u.Role, Disabled: u.Disabled, CreatedAt: u.CreatedAt, Version: u.Version}
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	u, err := s.svc.UserFor(r.Context(), p, r.PathValue("name"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(u.Version))
	writeJSON(w, 200, userDTO(u))
}

// UserList lists users.
type UserList struct {
	Items []UserDTO `json:"items"`
}

// UserInput is a new user.
type UserInput struct {
	Name     string `json:"name"`
	Display  string `json:"display,omitempty"`
	Role     string `json:"role"`
	Password string `json:"password"`
}

// UserPatch changes a user.
type UserPatch = core.UserPatch

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	us, err := s.svc.UsersFor(r.Context(), p)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	out := UserList{Items: make([]UserDTO, len(us))}
	for i := range us {
		out.Items[i] = userDTO(&us[i])
	}
	writeJSON(w, 200, out)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var in UserInput
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	u, err := s.svc.AddUserFor(r.Context(), p, in.Name, in.Display, auth.Role(in.Role), in.Password)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, userDTO(u))
}

func (s *Server) patchUser(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	v, err := ifMatch(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	var in UserPatch
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	u, err := s.svc.UpdateUserFor(r.Context(), p, r.PathValue("name"), in, v)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(u.Version))
	writeJSON(w, 200, userDTO(u))
}

// TokenInput asks for an API token; role defaults to the user's own.
type TokenInput struct {
	Name    string `json:"name"`
	Role    string `json:"role,omitempty"`
	TTLDays int    `json:"ttl_days,omitempty"` // 1 to 366; default 366
}

// NewTokenDTO carries a new token's text: shown this once, never again.
type NewTokenDTO struct {
	Token string         `json:"token"`
	Info  core.TokenInfo `json:"info"`
}

// TokenList lists tokens without their secrets.
type TokenList struct {
	Items []core.TokenInfo `json:"items"`
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	ts, err := s.svc.Tokens(r.Context(), p)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if ts == nil {
		ts = []core.TokenInfo{}
	}
	writeJSON(w, 200, TokenList{Items: ts})
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var in TokenInput
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	if in.TTLDays < 0 || in.TTLDays > 366 {
		s.problem(w, r, model.Invalid("ttl_days", strconv.Itoa(in.TTLDays), "must be 1 to 366"))
		return
	}
	text, info, err := s.svc.CreateToken(r.Context(), p, in.Name, auth.Role(in.Role), time.Duration(in.TTLDays)*24*time.Hour, s.now())
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, NewTokenDTO{Token: text, Info: info})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if err := s.svc.RevokeToken(r.Context(), p, r.PathValue("id"), s.now()); err != nil {
		s.problem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
