package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"strata/internal/core"
	"strata/internal/model"
)

// Problem is an RFC 9457 problem detail with a stable code.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Code   string `json:"code"`
	Detail string `json:"detail,omitempty"`
}

var messages = map[string][2]string{ // code -> en, zh
	"unauthenticated": {"Sign in first, or the session has expired.", "请先登录，或会话已过期。"},
	"not_found":       {"Not found.", "未找到。"},
	"invalid":         {"The request is invalid.", "请求无效。"},
	"conflict":        {"The request conflicts with the current state.", "请求与当前状态冲突。"},
	"rate_limited":    {"Too many failed sign-ins; try again later.", "登录失败次数过多，请稍后再试。"},
	"forbidden":       {"You may not do this.", "无权执行此操作。"},
	"csrf":            {"The request lacks the session's CSRF token.", "请求缺少本会话的 CSRF 令牌。"},
	"stale":           {"The record changed since you read it; read it again.", "记录在读取后已被修改，请重新读取。"},
	"if_match":        {"Send If-Match with the record's ETag.", "请在 If-Match 中提供记录的 ETag。"},
	"internal":        {"Internal error.", "内部错误。"},
}

// status maps an error to its HTTP status and stable code; the one place
// that does so.
func status(err error) (int, string) {
	switch {
	case errors.Is(err, core.ErrUnauthenticated):
		return http.StatusUnauthorized, "unauthenticated"
	case errors.Is(err, errRateLimited):
		return http.StatusTooManyRequests, "rate_limited"
	case errors.Is(err, errCSRF):
		return http.StatusForbidden, "csrf"
	case errors.Is(err, core.ErrForbidden):
		return http.StatusForbidden, "forbidden"
	case errors.Is(err, errPrecondition):
		return http.StatusPreconditionRequired, "if_match"
	case errors.Is(err, core.ErrStale):
		return http.StatusPreconditionFailed, "stale"
	case errors.Is(err, model.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, model.ErrInvalid):
		return http.StatusBadRequest, "invalid"
	case errors.Is(err, model.ErrConflict):
		return http.StatusConflict, "conflict"
	}
	return http.StatusInternalServerError, "internal"
}

// problem writes err as problem+json in the caller's language; server
// errors are logged once here and their details are not sent.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, err error) {
	st, code := status(err)
	lang := 0
	if strings.HasPrefix(r.Header.Get("Accept-Language"), "zh") {
		lang = 1
	}
	p := Problem{Type: "https://strata.invalid/problems/" + code, Title: messages[code][lang], Status: st, Code: code}
	switch st {
	case http.StatusBadRequest, http.StatusConflict:
		p.Detail = err.Error()
	case http.StatusInternalServerError:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(st)
	json.NewEncoder(w).Encode(p)
}
