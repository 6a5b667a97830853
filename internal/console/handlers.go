package console

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/audit"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// ---- signing in and out ----

func (c *Console) signinPage(w http.ResponseWriter, r *http.Request) {
	c.showSignin(w, r, http.StatusOK, "")
}

// showSignin renders the sign-in form with a fresh token bound to a cookie of its own (login CSRF:
// another site cannot sign this browser in with the attacker's key).
func (c *Console) showSignin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	token := randomToken()
	http.SetCookie(w, c.cookie(c.signinCookieName(), token, time.Now().Add(signinLifetime)))
	next := r.URL.Query().Get("next")
	if r.Method == http.MethodPost {
		next = r.PostFormValue("next")
	}
	c.render(w, status, "signin", pageData{Title: "Sign in", Data: struct {
		Token, Next, Error, Lifetime string
		Ended                        bool
	}{token, safeNext(next), msg, c.sessions.lifetime.String(), r.URL.Query().Get("ended") == "key"}})
}

func (c *Console) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		c.showSignin(w, r, http.StatusBadRequest, "the form could not be read")
		return
	}
	ck, err := r.Cookie(c.signinCookieName())
	form := r.PostFormValue("signin")
	if err != nil || form == "" || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(form)) != 1 || !sameOrigin(r) {
		c.showSignin(w, r, http.StatusForbidden, "this sign-in form is stale or not from this console; try again")
		return
	}
	key, err := tenant.ParseBearer("Bearer " + strings.TrimSpace(r.PostFormValue("key")))
	if err != nil {
		c.showSignin(w, r, http.StatusUnauthorized, "that is not a paddock API key (they start with "+tenant.KeyPrefix+")")
		return
	}
	k, err := c.cfg.Store.KeyByHash(r.Context(), tenant.HashKey(key))
	switch {
	case errors.Is(err, store.ErrExpired):
		c.showSignin(w, r, http.StatusUnauthorized, "that API key has expired; ask your tenant's admin for a new one")
		return
	case err != nil && (errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrRevoked)):
		c.showSignin(w, r, http.StatusUnauthorized, "that API key is not valid")
		return
	case err != nil:
		c.log.Error("console sign-in: key lookup", "err", err)
		c.showSignin(w, r, http.StatusServiceUnavailable, "cannot check the key now; retry")
		return
	}
	id, s, err := c.sessions.create(r.Context(), k, key, r.Host)
	if err != nil {
		c.showSignin(w, r, http.StatusUnauthorized, "that API key is not valid")
		return
	}
	c.log.Info("console sign-in", "tenant", s.tenant, "key", s.keyID)
	http.SetCookie(w, c.cookie(c.signinCookieName(), "", time.Time{}))
	http.SetCookie(w, c.cookie(c.sessionCookieName(), id, s.expires))
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (c *Console) signout(w http.ResponseWriter, r *http.Request, s *session) error {
	if ck, err := r.Cookie(c.sessionCookieName()); err == nil {
		c.sessions.end(r.Context(), ck.Value)
	}
	http.SetCookie(w, c.cookie(c.sessionCookieName(), "", time.Time{}))
	http.Redirect(w, r, Prefix+"signin", http.StatusSeeOther)
	return nil
}

// ---- tasks ----

// taskRow is one line of the task list.
type taskRow struct {
	*store.Task
	Tokens   int64
	Awaiting bool
}

// statuses are the task statuses a list can be filtered by.
var statuses = []string{string(store.StatusRunning), string(store.StatusFinished), string(store.StatusFailed),
	string(store.StatusInterrupted), string(store.StatusBudget)}

const (
	tasksPerPage = 25
	// maxFiltered bounds the tasks a status filter looks through (the newest).
	maxFiltered = 2000
)

func (c *Console) tasksPage(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	pageNo, _ := strconv.Atoi(q.Get("page"))
	pageNo = max(1, min(pageNo, 100000))
	status := q.Get("status")
	known := status == ""
	for _, st := range statuses {
		known = known || st == status
	}
	if !known {
		return &APIError{Status: http.StatusBadRequest, Code: "bad_request", Message: "status must be one of " + strings.Join(statuses, ", ")}
	}
	scope := c.cfg.Store.Tenant(s.tenant)
	var tasks []*store.Task
	var total int
	var err error
	if status == "" {
		tasks, total, err = scope.Tasks(r.Context(), tasksPerPage, (pageNo-1)*tasksPerPage)
		if err != nil {
			return fmt.Errorf("tasks: %w", err)
		}
	} else {
		all, _, err := scope.Tasks(r.Context(), maxFiltered, 0)
		if err != nil {
			return fmt.Errorf("tasks: %w", err)
		}
		var match []*store.Task
		for _, t := range all {
			if string(t.Status) == status {
				match = append(match, t)
			}
		}
		total = len(match)
		lo := min((pageNo-1)*tasksPerPage, total)
		tasks = match[lo:min(lo+tasksPerPage, total)]
	}
	rows := make([]taskRow, 0, len(tasks))
	for _, t := range tasks {
		row := taskRow{Task: t, Tokens: t.PromptTokens + t.CompletionTokens}
		if t.Status == store.StatusRunning {
			if run, err := scope.TaskRun(r.Context(), t.ID); err == nil {
				row.Awaiting = run.Awaiting != ""
			}
		}
		rows = append(rows, row)
	}
	pages := max(1, (total+tasksPerPage-1)/tasksPerPage)
	link := func(n int) string {
		v := url.Values{}
		v.Set("page", strconv.Itoa(n))
		if status != "" {
			v.Set("status", status)
		}
		return Prefix + "?" + v.Encode()
	}
	d := struct {
		Tasks              []taskRow
		Status             string
		Statuses           []string
		Page, Pages, Total int
		Prev, Next         string
	}{Tasks: rows, Status: status, Statuses: statuses, Page: pageNo, Pages: pages, Total: total}
	if pageNo > 1 {
		d.Prev = link(pageNo - 1)
	}
	if pageNo < pages {
		d.Next = link(pageNo + 1)
	}
	c.render(w, http.StatusOK, "tasks", pageData{Title: "Tasks", S: c.info(s), Data: d})
	return nil
}

func (c *Console) newTaskPage(w http.ResponseWriter, r *http.Request, s *session) error {
	c.render(w, http.StatusOK, "newtask", pageData{Title: "New task", S: c.info(s)})
	return nil
}

// driveWait is how long an action waits for the first step's answer before showing the task: a
// refusal (role, quota) is shown at once, a step that takes longer is watched live.
const driveWait = 2 * time.Second

// createTask creates a task through the API, uploads the form's files to it through the API, and
// starts taking its steps.
func (c *Console) createTask(w http.ResponseWriter, r *http.Request, s *session) error {
	goal := strings.TrimSpace(r.PostFormValue("goal"))
	if goal == "" {
		return &APIError{Status: http.StatusBadRequest, Code: "bad_request", Message: "give the task a goal"}
	}
	continuous := r.PostFormValue("mode") == "continuous"
	var created struct {
		TaskID string `json:"task_id"`
	}
	if err := c.callJSON(r.Context(), s, http.MethodPost, "/ap/v1/agent/tasks",
		map[string]any{"input": goal, "additional_input": map[string]any{"continuous": continuous}}, &created); err != nil {
		return err
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			if fh.Filename == "" {
				continue
			}
			if err := c.upload(r, s, created.TaskID, fh); err != nil {
				return fmt.Errorf("upload %s: %w", fh.Filename, err)
			}
		}
	}
	if err := c.drive(s, created.TaskID, nil, driveWait); err != nil {
		return err
	}
	http.Redirect(w, r, Prefix+"tasks/"+url.PathEscape(created.TaskID), http.StatusSeeOther)
	return nil
}

// upload sends one file of the form to the API's artifact upload.
func (c *Console) upload(r *http.Request, s *session, taskID string, fh *multipart.FileHeader) error {
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, fh.Filename))
	h.Set("Content-Type", "application/octet-stream")
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, f); err != nil {
		return err
	}
	if err := mw.Close(); err != nil {
		return err
	}
	return c.call(r.Context(), s, http.MethodPost, "/ap/v1/agent/tasks/"+url.PathEscape(taskID)+"/artifacts", &body, mw.FormDataContentType(), nil)
}

func (c *Console) taskPage(w http.ResponseWriter, r *http.Request, s *session) error {
	v, err := c.loadTask(r.Context(), s, r.PathValue("task_id"))
	if err != nil {
		return err
	}
	c.render(w, http.StatusOK, "task", pageData{Title: "Task " + v.Task.ID, S: c.info(s), Data: v})
	return nil
}

// runTask takes the next steps of a task that stopped without awaiting approval (after a refused
// step, a restart of the server, or a budget raised).
func (c *Console) runTask(w http.ResponseWriter, r *http.Request, s *session) error {
	taskID := r.PathValue("task_id")
	if _, err := c.cfg.Store.Tenant(s.tenant).Task(r.Context(), taskID); err != nil {
		return err
	}
	if err := c.drive(s, taskID, nil, driveWait); err != nil {
		return err
	}
	http.Redirect(w, r, Prefix+"tasks/"+url.PathEscape(taskID), http.StatusSeeOther)
	return nil
}

// answer approves or refuses the held call through the API (the same additional_input any client
// sends), then keeps taking the task's steps.
func (c *Console) answer(w http.ResponseWriter, r *http.Request, s *session) error {
	taskID := r.PathValue("task_id")
	if _, err := c.cfg.Store.Tenant(s.tenant).Task(r.Context(), taskID); err != nil {
		return err
	}
	ans := map[string]any{"approval_id": r.PostFormValue("approval_id")}
	if id := r.PostFormValue("call_id"); id != "" {
		ans["call_id"] = id
	}
	switch r.PostFormValue("decision") {
	case "approve":
		ans["approve"] = true
	case "always":
		ans["approve"], ans["always"] = true, true
	case "refuse":
		ans["approve"] = false
		if fb := strings.TrimSpace(r.PostFormValue("feedback")); fb != "" {
			ans["feedback"] = fb
		}
	default:
		return &APIError{Status: http.StatusBadRequest, Code: "bad_request", Message: "decision must be approve, always or refuse"}
	}
	if err := c.drive(s, taskID, ans, driveWait); err != nil {
		return err
	}
	http.Redirect(w, r, Prefix+"tasks/"+url.PathEscape(taskID), http.StatusSeeOther)
	return nil
}

func (c *Console) downloadArtifact(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.download(w, r, s, "/ap/v1/agent/tasks/"+url.PathEscape(r.PathValue("task_id"))+"/artifacts/"+url.PathEscape(r.PathValue("artifact_id")))
}

// ---- the live stream ----

// maxStream bounds one event stream; the browser reconnects.
const maxStream = 30 * time.Minute

// taskEvents streams a task's rendered live part whenever it changes in the store (checked each
// second, and at once when the console itself changed it). The stream ends when the session does.
func (c *Console) taskEvents(w http.ResponseWriter, r *http.Request, s *session) error {
	taskID := r.PathValue("task_id")
	scope := c.cfg.Store.Tenant(s.tenant)
	if _, err := scope.Task(r.Context(), taskID); err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(maxStream + time.Minute))
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if err := rc.Flush(); err != nil {
		return nil // the writer cannot stream; the page still works by reloading
	}
	key := s.tenant + "/" + taskID
	wake, unsub := c.hub.subscribe(key)
	defer unsub()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	end := time.After(maxStream)
	ctx := r.Context()
	var last string
	for {
		if err := c.sessions.checkKey(ctx, c.cfg.Store, s); err != nil {
			fmt.Fprint(w, "event: signedout\ndata: the session ended\n\n")
			_ = rc.Flush()
			return nil
		}
		if fp, err := c.fingerprint(r, s, taskID); err == nil && fp != last {
			v, err := c.loadTask(ctx, s, taskID)
			if err != nil {
				return nil
			}
			html, err := c.fragment("task", "live", pageData{S: c.info(s), Data: v})
			if err != nil {
				c.log.Error("console live fragment", "err", err)
				return nil
			}
			last = fp
			var b strings.Builder
			b.WriteString("event: update\n")
			for _, line := range strings.Split(html, "\n") {
				b.WriteString("data: ")
				b.WriteString(strings.TrimSuffix(line, "\r"))
				b.WriteString("\n")
			}
			b.WriteString("\n")
			if _, err := io.WriteString(w, b.String()); err != nil {
				return nil
			}
			if err := rc.Flush(); err != nil {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-c.ctx.Done():
			return nil
		case <-end:
			return nil
		case <-wake:
		case <-tick.C:
		}
	}
}

// fingerprint is a cheap summary of a task's state in the store: when it changes, the page does.
func (c *Console) fingerprint(r *http.Request, s *session, taskID string) (string, error) {
	scope := c.cfg.Store.Tenant(s.tenant)
	t, err := scope.Task(r.Context(), taskID)
	if err != nil {
		return "", err
	}
	_, total, err := scope.APSteps(r.Context(), taskID, 1, 0)
	if err != nil {
		return "", err
	}
	var lastStep string
	if total > 0 {
		sts, _, err := scope.APSteps(r.Context(), taskID, 1, total-1)
		if err == nil && len(sts) == 1 {
			lastStep = string(sts[0].Status) + sts[0].Modified.String()
		}
	}
	key := s.tenant + "/" + taskID
	return fmt.Sprint(t.Status, t.Updated.UnixNano(), total, lastStep, c.drivers.isRunning(key), c.drivers.note(key), c.sessions.roleOf(s)), nil
}

// ---- audit and admin (the tenant's admins, as the API's admin routes) ----

const auditPerPage = 100

func (c *Console) auditPage(w http.ResponseWriter, r *http.Request, s *session) error {
	if !c.sessions.roleOf(s).AtLeast(tenant.Admin) {
		return errForbidden(tenant.Admin)
	}
	scope := c.cfg.Store.Tenant(s.tenant)
	head, err := scope.AuditHead(r.Context())
	if err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	before := head.Seq + 1
	if v, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && v > 0 && v <= head.Seq+1 {
		before = v
	}
	after := max(0, before-1-auditPerPage)
	es, err := scope.AuditEntries(r.Context(), after, int(before-1-after))
	if err != nil {
		return fmt.Errorf("audit entries: %w", err)
	}
	// Newest first.
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	d := struct {
		Head         store.AuditHead
		Entries      []*store.AuditEntry
		Verified     bool
		VerifyError  string
		Report       audit.Report
		Older, Newer string
	}{Head: head, Entries: es}
	if after > 0 {
		d.Older = fmt.Sprintf("%saudit?before=%d", Prefix, after+1)
	}
	if before <= head.Seq {
		d.Newer = fmt.Sprintf("%saudit?before=%d", Prefix, min(head.Seq+1, before+auditPerPage))
	}
	if r.URL.Query().Get("verify") == "1" {
		d.Verified = true
		d.Report, err = audit.Verify(r.Context(), scope)
		if err != nil {
			if !errors.Is(err, audit.ErrBroken) {
				return fmt.Errorf("audit verify: %w", err)
			}
			d.VerifyError = err.Error()
		}
	}
	c.render(w, http.StatusOK, "audit", pageData{Title: "Audit", S: c.info(s), Data: d})
	return nil
}

func (c *Console) adminPage(w http.ResponseWriter, r *http.Request, s *session) error {
	return c.renderAdmin(w, r, s, nil, savedFlash(r))
}

// renderAdmin shows the admin page; created, when not nil, is a key just made, shown this once
// (it is never put in a URL, a cookie or the session).
func (c *Console) renderAdmin(w http.ResponseWriter, r *http.Request, s *session, created *server.CreatedKey, flash string) error {
	if !c.sessions.roleOf(s).AtLeast(tenant.Admin) {
		return errForbidden(tenant.Admin)
	}
	var usage server.TenantUsage
	if err := c.call(r.Context(), s, http.MethodGet, "/paddock/v1/usage", nil, "", &usage); err != nil {
		return err
	}
	var grants struct {
		AllowNet []string `json:"allow_net"`
	}
	if err := c.call(r.Context(), s, http.MethodGet, "/paddock/v1/network", nil, "", &grants); err != nil {
		return err
	}
	var keys struct {
		Keys []server.KeyInfo `json:"keys"`
	}
	if err := c.call(r.Context(), s, http.MethodGet, "/paddock/v1/keys", nil, "", &keys); err != nil {
		return err
	}
	byRole := map[string]int{}
	for _, k := range keys.Keys {
		if k.State == "active" {
			byRole[k.Role]++
		}
	}
	c.render(w, http.StatusOK, "admin", pageData{Title: "Admin", S: c.info(s), Flash: flash, Data: struct {
		Usage   server.TenantUsage
		Grants  []string
		Keys    []server.KeyInfo
		ByRole  map[string]int
		Created *server.CreatedKey
		Roles   []tenant.Role
	}{usage, grants.AllowNet, keys.Keys, byRole, created, []tenant.Role{tenant.Viewer, tenant.Member, tenant.Admin}}})
	return nil
}

// createKey makes a key through the API (which checks the role, the name and the expiry, and
// audits it as the session's key) and shows it once, in this answer only.
func (c *Console) createKey(w http.ResponseWriter, r *http.Request, s *session) error {
	req := map[string]string{"role": r.PostFormValue("role")}
	if v := strings.TrimSpace(r.PostFormValue("name")); v != "" {
		req["name"] = v
	}
	if v := strings.TrimSpace(r.PostFormValue("expires")); v != "" {
		req["expires"] = v
	}
	var k server.CreatedKey
	if err := c.callJSON(r.Context(), s, http.MethodPost, "/paddock/v1/keys", req, &k); err != nil {
		return err
	}
	return c.renderAdmin(w, r, s, &k, "")
}

// revokeKey revokes a key through the API; another tenant's id is the API's 404.
func (c *Console) revokeKey(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("key_id")
	var k struct {
		OwnKey bool `json:"own_key"`
	}
	if err := c.call(r.Context(), s, http.MethodDelete, "/paddock/v1/keys/"+url.PathEscape(id), nil, "", &k); err != nil {
		return err
	}
	if k.OwnKey {
		// This session's key is gone: the next page's key check ends the session and the
		// sign-in page says why.
		http.Redirect(w, r, Prefix+"admin", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, Prefix+"admin?revoked=1", http.StatusSeeOther)
	return nil
}

// setNetwork replaces the tenant's network grants through the API (which checks the role and
// each entry).
func (c *Console) setNetwork(w http.ResponseWriter, r *http.Request, s *session) error {
	hosts := []string{}
	for _, line := range strings.Split(r.PostFormValue("allow_net"), "\n") {
		if h := strings.TrimSpace(line); h != "" {
			hosts = append(hosts, h)
		}
	}
	if err := c.callJSON(r.Context(), s, http.MethodPut, "/paddock/v1/network", map[string]any{"allow_net": hosts}, nil); err != nil {
		return err
	}
	http.Redirect(w, r, Prefix+"admin?saved="+strconv.Itoa(len(hosts)), http.StatusSeeOther)
	return nil
}

// savedFlash is the admin page's note after saving grants or revoking a key; only a number
// comes from the URL.
func savedFlash(r *http.Request) string {
	if r.URL.Query().Get("revoked") == "1" {
		return "Key revoked: it is refused from now on, and its console sessions end."
	}
	n, err := strconv.Atoi(r.URL.Query().Get("saved"))
	if err != nil || n < 0 {
		return ""
	}
	return fmt.Sprintf("Saved %d network grants.", n)
}
