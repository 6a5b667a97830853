package console

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
	"github.com/paddock-dev/paddock/internal/termtext"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// asset is one embedded static file, served under a path that names its content hash, so it can
// be cached for ever and a new build is fetched at once.
type asset struct {
	version string
	body    []byte
	ctype   string
}

// pages holds the parsed templates and the static assets.
type pages struct {
	tmpl   map[string]*template.Template
	assets map[string]asset
}

// pageNames are the pages, each parsed with the layout.
var pageNames = []string{"signin", "error", "tasks", "newtask", "task", "audit", "admin"}

func loadPages() (*pages, error) {
	p := &pages{tmpl: map[string]*template.Template{}, assets: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ctype := mime.TypeByExtension(path.Ext(name))
		switch path.Ext(name) {
		case ".js":
			ctype = "text/javascript; charset=utf-8"
		case ".css":
			ctype = "text/css; charset=utf-8"
		}
		p.assets[path.Base(name)] = asset{version: hex.EncodeToString(sum[:6]), body: b, ctype: ctype}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("console: assets: %w", err)
	}
	funcs := template.FuncMap{
		"asset": func(name string) (string, error) {
			a, ok := p.assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q", name)
			}
			return "/console/static/" + a.version + "/" + name, nil
		},
		// visible shows control, bidi and invisible characters as escapes (SBX-09): what the
		// approver reads is what is there. html/template then escapes the result.
		"visible": termtext.Safe,
		"oneline": termtext.OneLine,
		"when": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2006-01-02 15:04:05")
		},
		"artifactPath": func(a *store.Artifact) string { return path.Join(a.RelativePath, a.FileName) },
	}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("console: template %s: %w", name, err)
		}
		p.tmpl[name] = t
	}
	return p, nil
}

// sessionInfo is what a page may know of its session: never the key.
type sessionInfo struct {
	Tenant, KeyID, CSRF string
	Role                tenant.Role
	Admin               bool
}

// pageData is what every page template gets.
type pageData struct {
	Title string
	S     *sessionInfo
	Flash string
	Data  any
}

func (c *Console) info(s *session) *sessionInfo {
	if s == nil {
		return nil
	}
	role := c.sessions.roleOf(s)
	return &sessionInfo{Tenant: s.tenant, KeyID: s.keyID, CSRF: s.csrf, Role: role, Admin: role.AtLeast(tenant.Admin)}
}

// render writes a page. Pages are never cached: they show one session's data.
func (c *Console) render(w http.ResponseWriter, status int, name string, d pageData) {
	var buf bytes.Buffer
	if err := c.pages.tmpl[name].ExecuteTemplate(&buf, "layout", d); err != nil {
		c.log.Error("console template", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fragment renders one named template of a page (the task page's live part) into a string.
func (c *Console) fragment(page, name string, d pageData) (string, error) {
	var buf bytes.Buffer
	if err := c.pages.tmpl[page].ExecuteTemplate(&buf, name, d); err != nil {
		return "", fmt.Errorf("console: template %s/%s: %w", page, name, err)
	}
	return buf.String(), nil
}

func (c *Console) renderError(w http.ResponseWriter, _ *http.Request, s *session, status int, msg string) {
	c.render(w, status, "error", pageData{Title: http.StatusText(status), S: c.info(s), Data: struct {
		Status     int
		StatusText string
		Message    string
	}{status, http.StatusText(status), msg}})
}

// static serves an embedded asset; a stale version answers 404, so a page never mixes builds.
func (c *Console) static(w http.ResponseWriter, r *http.Request) {
	a, ok := c.pages.assets[r.PathValue("name")]
	if !ok || a.version != r.PathValue("version") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(a.body)
}

// safeNext returns a path of the console to go to after signing in, or the console's start.
func safeNext(next string) string {
	if strings.HasPrefix(next, Prefix) && !strings.ContainsAny(next, "\\\r\n") && !strings.Contains(next, "//") && !strings.HasSuffix(next, "/events") {
		return next
	}
	return Prefix
}
