package httpapi

import (
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The OpenAPI 3.1 document is generated from the route table: the same
// request and response Go types the handlers decode and encode, so the
// document cannot drift from the code (TestOpenAPICoversEveryRoute).

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPI builds the document.
func (s *Server) openAPI() map[string]any {
	schemas := map[string]any{}
	paths := map[string]map[string]any{}
	for _, rt := range s.routes {
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": operationID(rt),
			"tags":        []string{rt.Tag},
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range rt.Query {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Doc, "schema": map[string]any{"type": q.Type}})
		}
		if rt.IfMatch {
			params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": true,
				"description": "the ETag of the record as read; a stale one answers 412", "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Body), schemas)}}}
		}
		st := rt.status()
		resp := map[string]any{"description": http.StatusText(st)}
		switch {
		case rt.Produces != "":
			content := map[string]any{}
			for _, ct := range strings.Split(rt.Produces, ",") {
				content[ct] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
			}
			resp["content"] = content
		case rt.Resp != nil:
			resp["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Resp), schemas)}}
		}
		responses := map[string]any{strconv.Itoa(st): resp,
			"default": map[string]any{"description": "error (RFC 9457 problem details)", "content": map[string]any{
				"application/problem+json": map[string]any{"schema": schemaOf(reflect.TypeOf(Problem{}), schemas)}}}}
		op["responses"] = responses
		if rt.Public {
			op["security"] = []any{}
		}
		path := rt.Pattern
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Strata API", "version": "1",
			"description": "Customer classification and tiered management (客户分类分层管理). Errors are RFC 9457 problem+json with a stable code; messages follow Accept-Language (zh-CN or en)."},
		"paths": paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": SessionCookie,
					"description": "from POST /api/v1/login; writes also need X-CSRF-Token from GET /api/v1/session"},
				"token": map[string]any{"type": "http", "scheme": "bearer", "description": "an API token from POST /api/v1/tokens"},
			},
		},
		"security": []any{map[string]any{"session": []any{}}, map[string]any{"token": []any{}}},
	}
}

func operationID(rt route) string {
	p := pathParam.ReplaceAllString(strings.TrimPrefix(rt.Pattern, "/api/v1/"), "by_$1")
	p = strings.NewReplacer("/", "_", "-", "_", ".", "_").Replace(p)
	return strings.ToLower(rt.Method) + "_" + strings.Trim(p, "_")
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf returns the JSON Schema of a Go type as encoding/json writes
// it; named struct types go to components and are referenced.
func schemaOf(t reflect.Type, defs map[string]any) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Pointer:
		s := schemaOf(t.Elem(), defs)
		if ref, ok := s["$ref"]; ok {
			return map[string]any{"oneOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
		}
		out := map[string]any{}
		for k, v := range s {
			out[k] = v
		}
		if ty, ok := s["type"].(string); ok {
			out["type"] = []any{ty, "null"}
		}
		return out
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), defs)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), defs)}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		name := t.Name()
		if name != "" {
			if _, ok := defs[name]; ok {
				return map[string]any{"$ref": "#/components/schemas/" + name}
			}
			defs[name] = map[string]any{} // placeholder against recursion
		}
		props := map[string]any{}
		var required []string
		var embedded []any
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			jname, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && jname == "" {
				embedded = append(embedded, schemaOf(f.Type, defs))
				continue
			}
			if jname == "" {
				jname = f.Name
			}
			props[jname] = schemaOf(f.Type, defs)
			if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && f.Type.Kind() != reflect.Pointer {
				required = append(required, jname)
			}
		}
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			s["required"] = required
		}
		if len(embedded) > 0 {
			s = map[string]any{"allOf": append(embedded, s)}
		}
		if name == "" {
			return s
		}
		defs[name] = s
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}
